/* faultlog.h - the commands that failed during a test (drive/retry.h's
 * db_fault_log) as summary.json shows them: "command_faults" in every
 * test's summary (output.c). */
#ifndef DB_BENCH_FAULTLOG_H
#define DB_BENCH_FAULTLOG_H

#include "../drive/retry.h"
#include "../report/json.h"

/* "key": {"failed", "drive_faults", "retried", "recovered", "waited_ms",
 * "by_class": {...every class...}, "first", "last"}; null when l is NULL. */
void db_fault_log_json(db_json *j, const char *key, const db_fault_log *l);

/* Drive faults (failures other than MEDIUM ERROR) logged so far; 0 for NULL. */
uint32_t db_fault_log_mark(const db_fault_log *l);

#endif
