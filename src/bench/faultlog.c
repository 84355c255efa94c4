/* faultlog.c - the fault log in summary.json (faultlog.h). */
#include "faultlog.h"

void db_fault_log_json(db_json *j, const char *key, const db_fault_log *l)
{
    if (!l) {
        db_json_null(j, key);
        return;
    }
    db_json_begin_object(j, key);
    db_json_int(j, "failed", l->failed);
    db_json_int(j, "drive_faults", db_fault_log_drive_faults(l));
    db_json_int(j, "retried", l->retried);
    db_json_int(j, "recovered", l->recovered);
    db_json_num(j, "waited_ms", (double)l->waited_ns / 1e6, 1);
    db_json_begin_object(j, "by_class");
    for (int c = 1; c < DB_FAULT_CLASSES; c++)
        db_json_int(j, db_fault_class_name((db_fault_class)c), l->by_class[c]);
    db_json_end_object(j);
    db_json_str(j, "first", l->failed ? l->first : NULL);
    db_json_str(j, "last", l->failed ? l->last : NULL);
    db_json_end_object(j);
}

uint32_t db_fault_log_mark(const db_fault_log *l)
{
    return l ? db_fault_log_drive_faults(l) : 0;
}
