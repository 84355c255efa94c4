/* errscan_out.c - shared output of the error tests (errscan_out.h). */
#include "errscan_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

db_csv *db_errscan_csv(const db_bench_ctx *ctx, const char *name, const char *const *cols,
                       size_t ncols, db_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", ctx->out_dir, name);
    return db_csv_create(path, cols, ncols, err);
}

static const char *const bad_cols[] = { "lba", "position_min", "sense_key", "asc", "ascq", "sense", "source" };

int db_badlist_open(db_badlist *b, const db_bench_ctx *ctx, const char *test, db_error *err)
{
    memset(b, 0, sizeof *b);
    b->source = db_source_word(ctx->drive);
    char name[64];
    snprintf(name, sizeof name, "%s_unreadable", test);
    b->csv = db_errscan_csv(ctx, name, bad_cols, sizeof bad_cols / sizeof bad_cols[0], err);
    if (!b->csv)
        return -1;
    db_csv_sync_every(b->csv, 64); /* a scratched disc lists thousands */
    return 0;
}

void db_badlist_add(db_badlist *b, uint32_t lba, const db_cmd_result *res)
{
    if (b->first_count < (int)(sizeof b->first / sizeof b->first[0]))
        b->first[b->first_count++] = lba;
    b->count++;
    if (!b->csv || b->write_failed)
        return;
    char f[6][160];
    snprintf(f[0], sizeof f[0], "%u", lba);
    db_csv_fmt_double(f[1], sizeof f[1], lba / 4500.0, 4);
    bool sense = res && res->status == DB_CMD_CHECK;
    snprintf(f[2], sizeof f[2], sense ? "%02X" : "", sense ? res->sense.key : 0);
    snprintf(f[3], sizeof f[3], sense ? "%02X" : "", sense ? res->sense.asc : 0);
    snprintf(f[4], sizeof f[4], sense ? "%02X" : "", sense ? res->sense.ascq : 0);
    db_result_describe(res, f[5], sizeof f[5]);
    const char *fields[] = { f[0], f[1], f[2], f[3], f[4], f[5], b->source };
    if (db_csv_row_n(b->csv, fields, 7, &b->err))
        b->write_failed = 1;
}

void db_badlist_close(db_badlist *b)
{
    db_csv_close(b->csv);
    b->csv = NULL;
}

void db_badlist_json(db_json *j, const db_badlist *b, const char *test)
{
    char name[64];
    snprintf(name, sizeof name, "%s_unreadable.csv", test);
    db_json_begin_object(j, "unreadable");
    db_json_int(j, "count", (int64_t)b->count);
    db_json_begin_array(j, "first_lbas");
    for (int i = 0; i < b->first_count; i++)
        db_json_int(j, NULL, b->first[i]);
    db_json_end_array(j);
    db_json_str(j, "list", name);
    db_json_end_object(j);
}

void db_fmt_u64(char *buf, size_t len, uint64_t v)
{
    snprintf(buf, len, "%" PRIu64, v);
}

double db_speed_x_of(uint64_t sectors, uint64_t ns)
{
    return ns ? (double)sectors / ((double)ns / 1e9) / CD_SECTORS_PER_S : NAN;
}

void db_errscan_describe(const db_drive *d, const db_cmd_result *res, char *out, size_t len)
{
    char why[200];
    db_result_describe(res, why, sizeof why);
    if (res->status == DB_CMD_TRANSPORT && !d->simulated)
        snprintf(out, len, "%s%s%s; if the kernel refused it: Linux lets only root or a program with "
                 "CAP_SYS_RAWIO send vendor commands (sudo, or sudo setcap cap_sys_rawio+ep discbench)",
                 why, res->transport_msg ? ": " : "", res->transport_msg ? res->transport_msg : "");
    else
        snprintf(out, len, "%s", why);
}
