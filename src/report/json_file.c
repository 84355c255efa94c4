/* json_file.c - a JSON document written to a file whole (json_file.h). */
#include "json_file.h"

#include "atomic.h"

int db_json_write_file(const char *path, db_json_fill_fn fill, const void *arg, db_error *err)
{
    db_atomic a;
    if (db_atomic_open(&a, path, err))
        return -1;
    db_json j;
    db_json_init(&j, a.f);
    fill(&j, arg);
    if (db_json_finish(&j)) {
        db_atomic_abort(&a);
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write %s", path);
    }
    return db_atomic_commit(&a, err);
}
