/* errprofile.c - the profile keys of the error model: a media profile's
 * [errors] section and the [drive] keys that decide how errors surface
 * (format: docs/profiles.md).  Strict like every profile: file:line errors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "errspec.h"

#define SEC "errors"

static const char *const shape_names[] = { "linear", "quadratic", 0 };
static const char *const defect_names[] = { "scratch", "fingerprint", "edge", 0 };
static const char *const protocol_names[] = { "none", "liteon-old", "liteon-new", "plextor", 0 };
static const char *const quirk_names[] = { "none", "zero", "repeat", "stall", 0 };

/* Split a value into blank-separated tokens (at most max); returns the
 * count, or -1 when there are more. */
static int tokens(const char *s, char buf[512], char *tok[], int max)
{
    snprintf(buf, 512, "%s", s);
    int n = 0;
    char *save = 0;
    for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(0, " \t", &save)) {
        if (n == max)
            return -1;
        tok[n++] = t;
    }
    return n;
}

static int bad(const kv_file *kv, const kv_entry *e, const char *what, db_error *err)
{
    return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' %s, not '%s'", kv->path, e->line, e->key,
                        what, e->value);
}

/* n numbers, each >= 0. */
static int numbers(const kv_file *kv, const kv_entry *e, int n, double *out, const char *form,
                   db_error *err)
{
    char buf[512], *tok[16];
    if (tokens(e->value, buf, tok, 16) != n)
        return bad(kv, e, form, err);
    for (int i = 0; i < n; i++)
        if (db_parse_double(tok[i], &out[i]) || out[i] < 0)
            return bad(kv, e, form, err);
    return 0;
}

static bool whole(double v)
{
    return v == floor(v) && v <= 4294967295.0;
}

static int parse_rates(const double *v, vd_err_rates *r)
{
    r->c1[0] = v[0];
    r->c1[1] = v[1];
    r->c2[0] = v[2];
    r->c2[1] = v[3];
    r->cu[0] = v[4];
    r->cu[1] = v[5];
    return 0;
}

static int parse_burns(kv_file *kv, vd_err_spec *out, db_error *err)
{
    const kv_entry *rates = kv_find(kv, SEC, "rates");
    for (const kv_entry *e = kv_next(kv, 0, SEC, "burn"); e; e = kv_next(kv, e, SEC, "burn")) {
        if (rates)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: use either 'rates' (one set) or 'burn' "
                                "rows (one per write speed), not both", kv->path, e->line);
        double v[7];
        if (numbers(kv, e, 7, v, "must be 'WRITE_X C1_INNER C1_OUTER C2_INNER C2_OUTER CU_INNER CU_OUTER' "
                                 "(numbers >= 0)", err))
            return -1;
        if (v[0] < 1 || v[0] > 72)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: burn speed %g is out of range [1, 72]",
                                kv->path, e->line, v[0]);
        if (out->burn_count == VD_ERR_MAX_BURNS)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: more than %d burn rows", kv->path, e->line,
                                VD_ERR_MAX_BURNS);
        if (out->burn_count && v[0] <= out->burns[out->burn_count - 1].write_x)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: burn rows must be in ascending write speed",
                                kv->path, e->line);
        vd_err_burn *b = &out->burns[out->burn_count++];
        b->write_x = v[0];
        parse_rates(v + 1, &b->rates);
        out->burned = true;
    }
    if (rates) {
        double v[6];
        if (numbers(kv, rates, 6, v, "must be 'C1_INNER C1_OUTER C2_INNER C2_OUTER CU_INNER CU_OUTER' "
                                     "(numbers >= 0)", err))
            return -1;
        out->burn_count = 1;
        parse_rates(v, &out->burns[0].rates);
    }
    if (!out->burn_count)
        return db_error_set(err, DB_EXIT_INPUT, "%s: [errors] needs 'rates' or at least one 'burn' row",
                            kv->path);
    const kv_entry *we = kv_find(kv, SEC, "write_speed_x");
    if (!out->burned) {
        if (we)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'write_speed_x' goes with 'burn' rows",
                                kv->path, we->line);
        return 0;
    }
    if (!we)
        return db_error_set(err, DB_EXIT_INPUT, "%s: 'burn' rows need 'write_speed_x' (the speed this "
                            "disc was burned at unless --disc NAME:write=X says otherwise)", kv->path);
    if (kv_get_double(kv, SEC, "write_speed_x", true, 0, out->burns[0].write_x,
                      out->burns[out->burn_count - 1].write_x, &out->default_write_x, err))
        return -1;
    return 0;
}

static int parse_defects(kv_file *kv, vd_err_spec *out, db_error *err)
{
    for (const kv_entry *e = kv_next(kv, 0, SEC, "defect"); e; e = kv_next(kv, e, SEC, "defect")) {
        static const char form[] = "must be 'START_MM END_MM scratch|fingerprint|edge SEVERITY'";
        char buf[512], *tok[8];
        if (tokens(e->value, buf, tok, 8) != 4)
            return bad(kv, e, form, err);
        vd_err_defect d;
        int kind = -1;
        for (int k = 0; defect_names[k]; k++)
            if (!strcmp(tok[2], defect_names[k]))
                kind = k;
        if (db_parse_double(tok[0], &d.start_mm) || db_parse_double(tok[1], &d.end_mm) || kind < 0 ||
            db_parse_double(tok[3], &d.severity) || d.severity < 0)
            return bad(kv, e, form, err);
        if (d.start_mm < 20 || d.end_mm > 60 || d.end_mm <= d.start_mm)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: defect band %g..%g mm must ascend within "
                                "[20, 60] mm", kv->path, e->line, d.start_mm, d.end_mm);
        if (out->defect_count == VD_ERR_MAX_DEFECTS)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: more than %d defects", kv->path, e->line,
                                VD_ERR_MAX_DEFECTS);
        d.kind = (vd_defect_kind)kind;
        out->defects[out->defect_count++] = d;
    }
    return 0;
}

static int add_range(kv_file *kv, const kv_entry *e, vd_err_range *list, int *count, vd_err_range r,
                     db_error *err)
{
    if (r.last < r.first)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: range %u-%u ends before it starts", kv->path,
                            e->line, r.first, r.last);
    if (*count == VD_ERR_MAX_RANGES)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: more than %d '%s' entries", kv->path, e->line,
                            VD_ERR_MAX_RANGES, e->key);
    list[(*count)++] = r;
    return 0;
}

static int parse_sectors(kv_file *kv, vd_err_spec *out, db_error *err)
{
    for (const kv_entry *e = kv_next(kv, 0, SEC, "unreadable"); e; e = kv_next(kv, e, SEC, "unreadable")) {
        static const char form[] = "must be 'FIRST_LBA [LAST_LBA]' (whole numbers)";
        char buf[512], *tok[4];
        int n = tokens(e->value, buf, tok, 4);
        double v[2];
        if (n < 1 || n > 2 || db_parse_double(tok[0], &v[0]) || !whole(v[0]) || v[0] < 0 ||
            (n == 2 && (db_parse_double(tok[1], &v[1]) || !whole(v[1]) || v[1] < 0)))
            return bad(kv, e, form, err);
        vd_err_range r = { (uint32_t)v[0], (uint32_t)(n == 2 ? v[1] : v[0]), 0 };
        if (add_range(kv, e, out->unreadable, &out->unreadable_count, r, err))
            return -1;
    }
    for (const kv_entry *e = kv_next(kv, 0, SEC, "unreadable_band"); e;
         e = kv_next(kv, e, SEC, "unreadable_band")) {
        double v[2];
        if (numbers(kv, e, 2, v, "must be 'START_MM END_MM'", err))
            return -1;
        if (v[0] < 20 || v[1] > 60 || v[1] <= v[0])
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: band %g..%g mm must ascend within [20, 60] mm",
                                kv->path, e->line, v[0], v[1]);
        if (out->band_count == VD_ERR_MAX_RANGES)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: more than %d unreadable bands", kv->path,
                                e->line, VD_ERR_MAX_RANGES);
        out->bands[out->band_count++] = (vd_err_band){ v[0], v[1] };
    }
    for (const kv_entry *e = kv_next(kv, 0, SEC, "slow"); e; e = kv_next(kv, e, SEC, "slow")) {
        double v[3];
        if (numbers(kv, e, 3, v, "must be 'FIRST_LBA LAST_LBA RETRIES' (whole numbers)", err))
            return -1;
        if (!whole(v[0]) || !whole(v[1]) || !whole(v[2]) || v[2] < 1 || v[2] > 100)
            return bad(kv, e, "must be 'FIRST_LBA LAST_LBA RETRIES' (whole numbers, RETRIES 1..100)", err);
        vd_err_range r = { (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2] };
        if (add_range(kv, e, out->slow, &out->slow_count, r, err))
            return -1;
    }
    return 0;
}

int vd_err_spec_from_kv(kv_file *kv, vd_err_spec *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (!kv_has_section(kv, SEC))
        return 0;
    out->present = true;
    int shape;
    if (kv_get_enum(kv, SEC, "shape", false, VD_SHAPE_LINEAR, shape_names, &shape, err))
        return -1;
    out->shape = (vd_err_shape)shape;
    if (parse_burns(kv, out, err) || parse_defects(kv, out, err) || parse_sectors(kv, out, err))
        return -1;
    for (const kv_entry *e = kv_next(kv, 0, SEC, "source"); e; e = kv_next(kv, e, SEC, "source"))
        ;
    return 0;
}

int vd_err_drive_from_kv(kv_file *kv, vd_err_drive *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    int proto, quirk;
    double retries;
    if (kv_get_enum(kv, "drive", "scan_protocol", false, VD_SCAN_NONE, protocol_names, &proto, err) ||
        kv_get_enum(kv, "drive", "scan_quirk", false, VD_QUIRK_NONE, quirk_names, &quirk, err) ||
        kv_get_double(kv, "drive", "read_retries", false, 4, 0, 255, &retries, err) ||
        kv_get_double(kv, "drive", "retry_ms", false, 150, 0, 60000, &out->retry_ms, err) ||
        kv_get_double(kv, "drive", "slowdown_speed_x", false, 0, 0, 72, &out->slowdown_speed_x, err))
        return -1;
    const kv_entry *re = kv_find(kv, "drive", "read_retries");
    if (re && !whole(retries))
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'read_retries' must be a whole number",
                            kv->path, re->line);
    out->scan_protocol = (vd_scan_protocol)proto;
    out->scan_quirk = (vd_scan_quirk)quirk;
    out->read_retries = (uint32_t)retries;
    if (out->scan_quirk != VD_QUIRK_NONE && out->scan_protocol == VD_SCAN_NONE)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'scan_quirk' needs a 'scan_protocol'", kv->path,
                            kv_find(kv, "drive", "scan_quirk")->line);
    return 0;
}
