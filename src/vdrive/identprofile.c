/* identprofile.c - parse [drive] c2 / writes and the [atip] keys beyond
 * lead_in / manufacturer (see identprofile.h, docs/profiles.md). */
#include "identprofile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../drive/atip.h"
#include "../drive/mmcinfo.h"

static const char *const c2_names[] = { "none", "294", "296", "broken", 0 };
static const char *const writes_names[] = { "none", "CD-R", "CD-RW", 0 };

const char *vd_c2_name(vd_c2 c)
{
    return c <= VD_C2_BROKEN ? c2_names[c] : "?";
}

const char *vd_writes_name(vd_writes w)
{
    return w <= VD_WRITES_CDRW ? writes_names[w] : "?";
}

const char *vd_interface_word(vd_interface i)
{
    switch (i) {
    case VD_IF_PIO4: return "pio4";
    case VD_IF_UDMA2: return "udma2";
    case VD_IF_UDMA4: return "udma4";
    case VD_IF_USB1: return "usb1";
    case VD_IF_USB2: return "usb2";
    }
    return "?";
}

int vd_ident_drive_from_kv(kv_file *kv, vd_drive_profile *out, db_error *err)
{
    int c2, writes;
    if (kv_get_enum(kv, "drive", "c2", false, VD_C2_294, c2_names, &c2, err) ||
        kv_get_enum(kv, "drive", "writes", false, VD_WRITES_CDRW, writes_names, &writes, err))
        return -1;
    out->c2 = (vd_c2)c2;
    out->writes = (vd_writes)writes;
    return 0;
}

/* A whole number in [min, max] (key optional, default def). */
static int get_small(kv_file *kv, const char *key, int def, int min, int max, uint8_t *out,
                     db_error *err)
{
    double v;
    if (kv_get_double(kv, "atip", key, false, def, min, max, &v, err))
        return -1;
    if (v != floor(v))
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' must be a whole number", kv->path,
                            kv_find(kv, "atip", key)->line, key);
    *out = (uint8_t)v;
    return 0;
}

/* The A1 code of a speed in x for this disc, searched in the table the
 * reader will decode it with (drive/atip.h); -1 when it has none. */
static int speed_code(const mmc_atip *a, double x, unsigned max_code)
{
    for (unsigned c = 1; c <= max_code; c++)
        if (db_atip_speed_x(a, c) == x)
            return (int)c;
    return -1;
}

static int speeds_list(const mmc_atip *a, unsigned max_code, char *out, size_t len)
{
    size_t n = 0;
    out[0] = '\0';
    for (unsigned c = 1; c <= max_code && n < len; c++) {
        int x = db_atip_speed_x(a, c);
        if (x)
            n += (size_t)snprintf(out + n, len - n, "%s%d", n ? ", " : "", x);
    }
    return 0;
}

static int parse_speeds(kv_file *kv, vd_media_profile *out, db_error *err)
{
    double lo, hi;
    if (kv_get_double(kv, "atip", "speed_low_x", false, 0, 1, 48, &lo, err) ||
        kv_get_double(kv, "atip", "speed_high_x", false, 0, 1, 48, &hi, err))
        return -1;
    const kv_entry *le = kv_find(kv, "atip", "speed_low_x"), *he = kv_find(kv, "atip", "speed_high_x");
    if (!le && !he)
        return 0;
    if (!le || !he)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'speed_low_x' and 'speed_high_x' go together",
                            kv->path, (le ? le : he)->line);
    /* the virtual drive reports no A2 values, so the table is the one of
     * the disc type and sub-type alone */
    mmc_atip a = { .erasable = out->type == VD_MEDIA_CDRW, .sub_type = out->atip.sub_type };
    int lc = speed_code(&a, lo, 7), hc = speed_code(&a, hi, 15);
    char list[96];
    if (lc < 0 || hc < 0) {
        speeds_list(&a, 15, list, sizeof list);
        return db_error_set(err, DB_EXIT_INPUT,
                            "%s:%d: the ATIP of this disc (%s, sub-type %u) can declare the speeds %s x only",
                            kv->path, (lc < 0 ? le : he)->line,
                            out->type == VD_MEDIA_CDRW ? "CD-RW" : "CD-R", out->atip.sub_type, list);
    }
    if (lo > hi)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'speed_low_x' (%g) is above 'speed_high_x' (%g)",
                            kv->path, le->line, lo, hi);
    out->atip.has_speeds = true;
    out->atip.speed_low_code = (uint8_t)lc;
    out->atip.speed_high_code = (uint8_t)hc;
    return 0;
}

int vd_atip_extra_from_kv(kv_file *kv, vd_media_profile *out, db_error *err)
{
    vd_atip_extra *x = &out->atip;
    memset(x, 0, sizeof *x);
    /* default lead-out: the disc's capacity (a disc written to the end) */
    uint8_t m, s, f;
    db_lba_to_msf((int32_t)out->capacity_sectors, &m, &s, &f);
    x->lead_out_m = m;
    x->lead_out_s = s;
    x->lead_out_f = f;
    if (!out->has_atip)
        return 0;

    const char *lo;
    if (kv_get_str(kv, "atip", "lead_out", false, NULL, &lo, err))
        return -1;
    if (lo) {
        unsigned a, b, c;
        int used = 0;
        const kv_entry *e = kv_find(kv, "atip", "lead_out");
        if (sscanf(lo, "%2u:%2u:%2u%n", &a, &b, &c, &used) != 3 || lo[used] || a > 99 || b > 59 || c > 74)
            return db_error_set(err, DB_EXIT_INPUT,
                                "%s:%d: 'lead_out' must be MM:SS:FF (SS < 60, FF < 75), not '%s'",
                                kv->path, e->line, lo);
        int32_t lba = db_msf_to_lba((uint8_t)a, (uint8_t)b, (uint8_t)c);
        if (lba < (int32_t)out->capacity_sectors)
            return db_error_set(err, DB_EXIT_INPUT,
                                "%s:%d: 'lead_out' %s is LBA %ld, before the disc's capacity_sectors %u "
                                "(nothing can be written past the ATIP lead-out)",
                                kv->path, e->line, lo, (long)lba, out->capacity_sectors);
        x->lead_out_m = (uint8_t)a;
        x->lead_out_s = (uint8_t)b;
        x->lead_out_f = (uint8_t)c;
    }
    double ref;
    if (get_small(kv, "sub_type", 0, 0, 7, &x->sub_type, err) ||
        get_small(kv, "writing_power", 0, 0, 7, &x->writing_power, err) ||
        kv_get_double(kv, "atip", "reference_speed_x", false, 0, 0, 8, &ref, err) ||
        kv_get_bool(kv, "atip", "unrestricted", false, false, &x->unrestricted, err))
        return -1;
    if (ref != 0) {
        /* byte 4 bits 2..0 as cdrkit decodes them: 1..4 = 2, 4, 6, 8x */
        static const double ref_x[] = { 0, 2, 4, 6, 8 };
        int code = -1;
        for (int c = 1; c <= 4; c++)
            if (ref_x[c] == ref)
                code = c;
        if (code < 0)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'reference_speed_x' must be 2, 4, 6 or 8 (or 0: none)",
                                kv->path, kv_find(kv, "atip", "reference_speed_x")->line);
        x->ref_speed_code = (uint8_t)code;
    }
    return parse_speeds(kv, out, err);
}
