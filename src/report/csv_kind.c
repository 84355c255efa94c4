/* csv_kind.c - the discbench test a CSV comes from (csv_kind.h). */
#include "csv_kind.h"

#include <stdio.h>
#include <string.h>

typedef struct kind {
    const char *test;
    const char *const *cols;   /* required, NULL-terminated */
} kind;

/* Most specific first: a dae CSV has every column a transfer CSV needs. */
static const char *const seek_cols[] = { "kind", "sample", "access_ms", "source", NULL };
static const char *const quality_cols[] = { "second", "position_min", "c1", "c2", "source", NULL };
static const char *const c2scan_cols[] = { "zone", "lba_start", "lba_end", "position_min", "c2_bytes",
                                           "c2_sectors", "source", NULL };
static const char *const scan_cols[] = { "zone", "lba_start", "lba_end", "position_min", "good_sectors",
                                         "unreadable_sectors", "speed_x", "source", NULL };
static const char *const dae_cols[] = { "zone", "lba_start", "lba_end", "position_min", "track", "speed_x",
                                        "zone_ms", "source", NULL };
static const char *const transfer_cols[] = { "zone", "lba_start", "lba_end", "position_min", "speed_x",
                                             "zone_ms", "source", NULL };

static const kind kinds[] = {
    { "seek", seek_cols },     { "quality", quality_cols }, { "c2scan", c2scan_cols },
    { "scan", scan_cols },     { "dae", dae_cols },         { "transfer", transfer_cols },
};

static const kind *find(const char *test)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].test, test))
            return &kinds[i];
    return NULL;
}

static const char *missing_col(const db_csv_table *t, const kind *k)
{
    for (const char *const *c = k->cols; *c; c++)
        if (db_csv_table_col(t, *c) < 0)
            return *c;
    return NULL;
}

const char *db_csv_kind_of(const db_csv_table *t)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!missing_col(t, &kinds[i]))
            return kinds[i].test;
    return NULL;
}

int db_csv_kind_check(const db_csv_table *t, const char *name, const char *test, const char **kind_out,
                      db_error *err)
{
    const char *found = db_csv_kind_of(t);
    if (test) {
        const kind *k = find(test);
        if (!k)
            return db_error_set(err, DB_EXIT_INPUT, "%s: '%s' is not a discbench test", name, test);
        const char *miss = missing_col(t, k);
        if (miss)
            return db_error_set(err, DB_EXIT_INPUT, "%s: not a discbench %s CSV (no '%s' column)", name, test,
                                miss);
        found = test;
    } else if (!found) {
        char head[160] = "";
        for (size_t i = 0; i < t->ncols && strlen(head) < 100; i++)
            snprintf(head + strlen(head), sizeof head - strlen(head), "%s%.40s", i ? "," : "", t->header[i]);
        return db_error_set(err, DB_EXIT_INPUT,
                            "%s: not a discbench CSV (its header '%s' matches no discbench test)", name, head);
    }
    int src = db_csv_table_col(t, "source");
    for (size_t r = 0; r < t->nrows; r++) {
        const char *s = db_csv_cell(t, r, (size_t)src);
        if (strcmp(s, "simulated") && strcmp(s, "measured"))
            return db_error_set(err, DB_EXIT_INPUT,
                                "%s: data row %zu: source is '%.40s', not simulated or measured (not a discbench CSV)",
                                name, r + 1, s);
    }
    if (kind_out)
        *kind_out = found;
    return 0;
}

int db_csv_any_simulated(const db_csv_table *t)
{
    int src = db_csv_table_col(t, "source");
    if (src < 0)
        return 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (!strcmp(db_csv_cell(t, r, (size_t)src), "simulated"))
            return 1;
    return 0;
}
