/* args.c - option value parsing and small CLI helpers (cli.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/kv.h"
#include "cli.h"

int db_cli_int(const char *opt, const char *val, long min, long max, long *out, db_error *err)
{
    long v;
    if (db_parse_long(val, &v) || v < min || v > max)
        return db_error_set(err, DB_EXIT_USAGE, "%s: expected an integer %ld..%ld, got '%s'", opt,
                            min, max, val);
    *out = v;
    return 0;
}

int db_cli_double(const char *opt, const char *val, double min, double max, double *out,
                  db_error *err)
{
    double v;
    if (db_parse_double(val, &v) || v < min || v > max)
        return db_error_set(err, DB_EXIT_USAGE, "%s: expected a number %g..%g, got '%s'", opt, min,
                            max, val);
    *out = v;
    return 0;
}

void db_cli_default_outdir(const char *test, char *out, size_t out_len)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(out, out_len, "results/%s-%s", test, stamp);
}

void db_cli_join_argv(int argc, char **argv, char *out, size_t out_len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < argc && used + 1 < out_len; i++) {
        int n = snprintf(out + used, out_len - used, "%s%s", i ? " " : "", argv[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
