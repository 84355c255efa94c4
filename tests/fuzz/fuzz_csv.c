/* libFuzzer target: the CSV reader of compare and the results store
 * (src/report/csv_read.c) and the test a CSV is taken for
 * (src/report/csv_kind.c), on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "report/csv_kind.h"
#include "report/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* small limits, so the fuzzer reaches them */
    static const db_csv_limits lim = { .max_bytes = 1 << 16, .max_rows = 200, .max_cols = 16, .max_field = 64 };
    db_csv_table t;
    db_error err = { 0 };
    if (db_csv_parse((const char *)data, size, "fuzz.csv", &lim, &t, &err) == 0) {
        const char *kind = NULL;
        db_csv_kind_check(&t, "fuzz.csv", NULL, &kind, &err);
        for (size_t r = 0; r < t.nrows; r++)
            for (size_t c = 0; c < t.ncols; c++) {
                double v;
                db_csv_cell_num(&t, r, (int)c, &v);
            }
        db_csv_table_free(&t);
    }
    if (db_csv_parse((const char *)data, size, "fuzz.csv", NULL, &t, &err) == 0)
        db_csv_table_free(&t);
    return 0;
}
