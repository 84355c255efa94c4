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

int db_cli_disc_name(const char *val, db_error *err)
{
    /* a name the user writes on the disc and finds again in grade.md: one
     * line of printable text, short enough for a table cell */
    size_t n = strlen(val);
    if (n == 0 || n > DB_DISC_NAME_MAX)
        return db_error_set(err, DB_EXIT_USAGE, "--disc-name: expected 1..%d characters, got %zu", DB_DISC_NAME_MAX,
                            n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)val[i] < 0x20 || val[i] == 0x7F)
            return db_error_set(err, DB_EXIT_USAGE, "--disc-name: control character at position %zu", i + 1);
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
