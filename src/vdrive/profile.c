/* profile.c - parse drive and media profiles (format: docs/profiles.md). */
#include "profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identprofile.h"

static const char *const strategy_names[] = { "CLV", "ZCLV", "PCAV", "CAV", 0 };
static const char *const interface_names[] = { "pio4", "udma2", "udma4", "usb1", "usb2", 0 };
static const char *const media_type_names[] = { "pressed", "CD-R", "CD-RW", 0 };
static const char *const content_names[] = { "data", "audio", "mixed", 0 };

double vd_interface_bytes_per_s(vd_interface i)
{
    switch (i) {
    case VD_IF_PIO4: return 16.6e6;
    case VD_IF_UDMA2: return 33.3e6;
    case VD_IF_UDMA4: return 66.7e6;
    case VD_IF_USB1: return 1.0e6;  /* USB 1.1 full speed: ~1 MB/s after protocol overhead */
    case VD_IF_USB2: return 30.0e6; /* USB 2.0 bulk-only storage, realistic, not 60 MB/s */
    }
    return 16.6e6;
}

/* Reject entries outside the known sections, so a misspelt [mech] is
 * reported as such and not as a list of unknown keys. */
static int check_sections(const kv_file *kv, const char *const *allowed, db_error *err)
{
    for (size_t i = 0; i < kv->count; i++) {
        const kv_entry *e = &kv->entries[i];
        if (!*e->section)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' is outside any [section]",
                                kv->path, e->line, e->key);
        bool ok = false;
        for (int k = 0; allowed[k]; k++)
            if (!strcmp(e->section, allowed[k]))
                ok = true;
        if (!ok)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: unknown section [%s]",
                                kv->path, e->line, e->section);
    }
    return 0;
}

/* `source = ...` lines document where figures come from; repeatable. */
static void use_sources(kv_file *kv, const char *section)
{
    for (const kv_entry *e = kv_next(kv, 0, section, "source"); e; e = kv_next(kv, e, section, "source"))
        ;
}

/* A string that goes into a fixed-width, space-padded INQUIRY field. */
static int get_inquiry_str(kv_file *kv, const char *key, char *out, size_t width, db_error *err)
{
    const char *v;
    if (kv_get_str(kv, "drive", key, true, 0, &v, err))
        return -1;
    const kv_entry *e = kv_find(kv, "drive", key);
    size_t n = strlen(v);
    if (n == 0 || n > width)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' must be 1..%zu characters (INQUIRY field), not %zu",
                            kv->path, e->line, key, width, n);
    for (size_t i = 0; i < n; i++)
        if (v[i] < 0x20 || v[i] > 0x7e)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: '%s' must be printable ASCII",
                                kv->path, e->line, key);
    memcpy(out, v, n);
    out[n] = '\0';
    return 0;
}

/* Split a value into numbers separated by blanks.  Returns the count, -1
 * if a token is not a number, -2 if there are more than max. */
static int parse_numbers(const char *s, double *out, int max)
{
    char buf[512];
    if (strlen(s) >= sizeof buf)
        return -2;
    strcpy(buf, s);
    int n = 0;
    char *save = 0;
    for (char *tok = strtok_r(buf, " \t,", &save); tok; tok = strtok_r(0, " \t,", &save)) {
        if (n == max)
            return -2;
        if (db_parse_double(tok, &out[n]))
            return -1;
        n++;
    }
    return n;
}

static int parse_zones(kv_file *kv, const char *sec, vd_speed_profile *sp, db_error *err)
{
    sp->zone_count = 0;
    for (const kv_entry *e = kv_next(kv, 0, sec, "zone"); e; e = kv_next(kv, e, sec, "zone")) {
        if (sp->strategy != VD_ZCLV)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'zone' applies only to strategy ZCLV",
                                kv->path, e->line);
        double v[2];
        if (parse_numbers(e->value, v, 2) != 2)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'zone' must be 'START_MINUTE SPEED_X', not '%s'",
                                kv->path, e->line, e->value);
        if (sp->zone_count == VD_MAX_ZONES)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: more than %d zones", kv->path, e->line, VD_MAX_ZONES);
        if (v[0] < 0 || v[0] > 99)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: zone start %g is out of range [0, 99] minutes",
                                kv->path, e->line, v[0]);
        if (v[1] < 1 || v[1] > sp->max_speed_x)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: zone speed %g is out of range [1, max_speed_x = %g]",
                                kv->path, e->line, v[1], sp->max_speed_x);
        int i = sp->zone_count;
        if (i == 0 && v[0] != 0)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: the first zone must start at minute 0",
                                kv->path, e->line);
        if (i > 0 && v[0] <= sp->zone_start_min[i - 1])
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: zones must be in ascending order of start minute (%g after %g)",
                                kv->path, e->line, v[0], sp->zone_start_min[i - 1]);
        sp->zone_start_min[i] = v[0];
        sp->zone_speed_x[i] = v[1];
        sp->zone_count++;
    }
    if (sp->strategy == VD_ZCLV && sp->zone_count == 0)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: strategy ZCLV needs at least one 'zone' in [%s]",
                            kv->path, kv_find(kv, sec, "strategy")->line, sec);
    return 0;
}

static int parse_speeds(kv_file *kv, const char *sec, vd_speed_profile *sp, db_error *err)
{
    const char *v;
    sp->speed_count = 0;
    if (kv_get_str(kv, sec, "speeds", false, 0, &v, err))
        return -1;
    if (!v)
        return 0;
    const kv_entry *e = kv_find(kv, sec, "speeds");
    int n = parse_numbers(v, sp->speeds_x, VD_MAX_SPEEDS);
    if (n <= 0)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'speeds' must be 1..%d numbers, not '%s'",
                            kv->path, e->line, VD_MAX_SPEEDS, v);
    for (int i = 0; i < n; i++) {
        if (sp->speeds_x[i] < 1 || sp->speeds_x[i] > sp->max_speed_x)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: speed %g is out of range [1, max_speed_x = %g]",
                                kv->path, e->line, sp->speeds_x[i], sp->max_speed_x);
        if (i > 0 && sp->speeds_x[i] <= sp->speeds_x[i - 1])
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'speeds' must be ascending", kv->path, e->line);
    }
    sp->speed_count = n;
    return 0;
}

static int parse_speed_profile(kv_file *kv, const char *sec, vd_speed_profile *sp, db_error *err)
{
    memset(sp, 0, sizeof *sp);
    int strategy;
    if (kv_get_enum(kv, sec, "strategy", true, 0, strategy_names, &strategy, err))
        return -1;
    sp->strategy = (vdrive_strategy)strategy;
    if (kv_get_double(kv, sec, "max_speed_x", true, 0, 1, 72, &sp->max_speed_x, err))
        return -1;

    double start;
    if (kv_get_double(kv, sec, "start_speed_x", false, NAN, 1, 72, &start, err))
        return -1;
    const kv_entry *se = kv_find(kv, sec, "start_speed_x");
    switch (sp->strategy) {
    case VD_CLV:
    case VD_ZCLV:
        if (se)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'start_speed_x' applies only to strategies CAV and PCAV",
                                kv->path, se->line);
        break;
    case VD_CAV:
        /* Default: the maximum is reached at the outer edge (58 mm). */
        sp->start_speed_x = se ? start : sp->max_speed_x * 25.0 / 58.0;
        if (se && start > sp->max_speed_x)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: CAV 'start_speed_x' = %g exceeds max_speed_x = %g",
                                kv->path, se->line, start, sp->max_speed_x);
        break;
    case VD_PCAV:
        if (!se)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: strategy PCAV needs 'start_speed_x' in [%s]",
                                kv->path, kv_find(kv, sec, "strategy")->line, sec);
        if (start >= sp->max_speed_x)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: PCAV needs start_speed_x (%g) < max_speed_x (%g)",
                                kv->path, se->line, start, sp->max_speed_x);
        sp->start_speed_x = start;
        break;
    }
    if (parse_zones(kv, sec, sp, err) || parse_speeds(kv, sec, sp, err))
        return -1;
    use_sources(kv, sec);
    return 0;
}

/* A [dae] section may hold only extraction behaviour (accurate_stream,
 * ...): its speeds are then those of [data]. */
static bool has_speed_keys(const kv_file *kv, const char *sec)
{
    static const char *const keys[] = { "strategy", "max_speed_x", "start_speed_x", "zone", "speeds", 0 };
    for (size_t i = 0; i < kv->count; i++)
        for (int k = 0; keys[k]; k++)
            if (!strcmp(kv->entries[i].section, sec) && !strcmp(kv->entries[i].key, keys[k]))
                return true;
    return false;
}

/* accurate_stream, jitter_samples, caches_audio, unstable_sectors_ppm. */
static int parse_dae_behaviour(kv_file *kv, vd_drive_profile *out, db_error *err)
{
    double jitter;
    if (kv_get_bool(kv, "dae", "accurate_stream", false, true, &out->dae_accurate_stream, err) ||
        kv_get_double(kv, "dae", "jitter_samples", false, 0, 1, 5880, &jitter, err) ||
        kv_get_bool(kv, "dae", "caches_audio", false, true, &out->dae_caches_audio, err) ||
        kv_get_double(kv, "dae", "unstable_sectors_ppm", false, 0, 0, 1e6,
                      &out->dae_unstable_sectors_ppm, err))
        return -1;
    const kv_entry *je = kv_find(kv, "dae", "jitter_samples");
    if (je && jitter != floor(jitter))
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'jitter_samples' must be a whole number of samples",
                            kv->path, je->line);
    if (je && out->dae_accurate_stream)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'jitter_samples' applies only with accurate_stream = no",
                            kv->path, je->line);
    if (!je && !out->dae_accurate_stream)
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: accurate_stream = no needs 'jitter_samples' (1..5880)",
                            kv->path, kv_find(kv, "dae", "accurate_stream")->line);
    out->dae_jitter_samples = je ? (int)jitter : 0;
    return 0;
}

/* [faults]: `fault = SPEC`, repeatable (the syntax of --fault, faults.h):
 * a drive that fails the same way every time it is opened - also through
 * the device node (src/preload), for testing other programs. */
static int parse_faults(kv_file *kv, vd_fault_plan *plan, db_error *err)
{
    for (const kv_entry *e = kv_next(kv, 0, "faults", "fault"); e; e = kv_next(kv, e, "faults", "fault")) {
        db_error perr = { 0 };
        if (vd_fault_plan_parse(plan, e->value, &perr))
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: %s", kv->path, e->line,
                                perr.msg + (strncmp(perr.msg, "--", 2) ? 0 : 2)); /* "fault '...'" */
    }
    use_sources(kv, "faults");
    return 0;
}

int vd_drive_profile_from_kv(kv_file *kv, vd_drive_profile *out, db_error *err)
{
    static const char *const sections[] = { "drive", "data", "dae", "mech", "faults", 0 };
    memset(out, 0, sizeof *out);
    if (check_sections(kv, sections, err))
        return -1;
    if (parse_faults(kv, &out->faults, err))
        return -1;
    if (get_inquiry_str(kv, "vendor", out->vendor, 8, err) ||
        get_inquiry_str(kv, "model", out->model, 16, err) ||
        get_inquiry_str(kv, "firmware", out->firmware, 4, err))
        return -1;
    int itf;
    if (kv_get_enum(kv, "drive", "interface", true, 0, interface_names, &itf, err))
        return -1;
    out->interface = (vd_interface)itf;
    if (kv_get_double(kv, "drive", "cache_kib", true, 0, 16, 65536, &out->cache_kib, err))
        return -1;
    if (vd_ident_drive_from_kv(kv, out, err))
        return -1;
    use_sources(kv, "drive");

    if (!kv_has_section(kv, "data"))
        return db_error_set(err, DB_EXIT_INPUT, "%s: missing section [data]", kv->path);
    if (parse_speed_profile(kv, "data", &out->data, err))
        return -1;
    out->has_dae = has_speed_keys(kv, "dae");
    if (out->has_dae) {
        if (parse_speed_profile(kv, "dae", &out->dae, err))
            return -1;
    } else {
        out->dae = out->data;
        use_sources(kv, "dae");
    }
    if (parse_dae_behaviour(kv, out, err))
        return -1;

    if (kv_get_double(kv, "mech", "spinup_ms", true, 0, 0, 30000, &out->spinup_ms, err) ||
        kv_get_double(kv, "mech", "spindown_ms", true, 0, 0, 30000, &out->spindown_ms, err) ||
        kv_get_double(kv, "mech", "settle_ms", true, 0, 0, 1000, &out->settle_ms, err) ||
        kv_get_double(kv, "mech", "full_stroke_ms", true, 0, 0, 5000, &out->full_stroke_ms, err) ||
        kv_get_double(kv, "mech", "command_overhead_us", true, 0, 0, 1e6, &out->command_overhead_us, err))
        return -1;
    use_sources(kv, "mech");
    if (vd_err_drive_from_kv(kv, &out->errd, err))
        return -1;
    return kv_check_unused(kv, err);
}

/* "MM:SS:FF" with SS < 60 and FF < 75. */
static int parse_msf(const char *s, uint8_t *m, uint8_t *sec, uint8_t *f)
{
    unsigned a, b, c;
    int used = 0;
    if (sscanf(s, "%2u:%2u:%2u%n", &a, &b, &c, &used) != 3 || s[used] || a > 99 || b > 59 || c > 74)
        return -1;
    *m = (uint8_t)a;
    *sec = (uint8_t)b;
    *f = (uint8_t)c;
    return 0;
}

int vd_media_profile_from_kv(kv_file *kv, vd_media_profile *out, db_error *err)
{
    static const char *const sections[] = { "disc", "atip", "errors", 0 };
    memset(out, 0, sizeof *out);
    if (check_sections(kv, sections, err))
        return -1;
    int type, content;
    double cap;
    if (kv_get_enum(kv, "disc", "type", true, 0, media_type_names, &type, err) ||
        kv_get_enum(kv, "disc", "content", true, 0, content_names, &content, err) ||
        kv_get_double(kv, "disc", "capacity_sectors", true, 0, 1, VD_MAX_SECTORS, &cap, err) ||
        kv_get_double(kv, "disc", "scanning_velocity_mps", true, 0, 1.2, 1.4, &out->scanning_velocity_mps, err) ||
        kv_get_double(kv, "disc", "track_pitch_um", true, 0, 1.5, 1.7, &out->track_pitch_um, err) ||
        kv_get_double(kv, "disc", "inner_radius_mm", true, 0, 20, 30, &out->inner_radius_mm, err))
        return -1;
    if (cap != floor(cap))
        return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'capacity_sectors' must be a whole number",
                            kv->path, kv_find(kv, "disc", "capacity_sectors")->line);
    out->type = (vd_media_type)type;
    out->content = (vd_content)content;
    out->capacity_sectors = (uint32_t)cap;
    use_sources(kv, "disc");

    out->has_atip = kv_has_section(kv, "atip");
    if (out->has_atip) {
        if (out->type == VD_MEDIA_PRESSED) {
            for (size_t i = 0; i < kv->count; i++)
                if (!strcmp(kv->entries[i].section, "atip"))
                    return db_error_set(err, DB_EXIT_INPUT, "%s:%d: [atip] is for recordable discs, not pressed ones",
                                        kv->path, kv->entries[i].line);
        }
        const char *lead_in, *mfr;
        if (kv_get_str(kv, "atip", "lead_in", true, 0, &lead_in, err) ||
            kv_get_str(kv, "atip", "manufacturer", false, "", &mfr, err))
            return -1;
        if (parse_msf(lead_in, &out->lead_in_m, &out->lead_in_s, &out->lead_in_f))
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'lead_in' must be MM:SS:FF (SS < 60, FF < 75), not '%s'",
                                kv->path, kv_find(kv, "atip", "lead_in")->line, lead_in);
        if (strlen(mfr) >= sizeof out->manufacturer)
            return db_error_set(err, DB_EXIT_INPUT, "%s:%d: 'manufacturer' longer than %zu characters",
                                kv->path, kv_find(kv, "atip", "manufacturer")->line, sizeof out->manufacturer - 1);
        strcpy(out->manufacturer, mfr);
        use_sources(kv, "atip");
    }
    if (vd_atip_extra_from_kv(kv, out, err))
        return -1;
    if (vd_err_spec_from_kv(kv, &out->errors, err))
        return -1;
    return kv_check_unused(kv, err);
}

int vd_drive_profile_load(const char *path, vd_drive_profile *out, db_error *err)
{
    kv_file kv;
    if (kv_load(path, &kv, err))
        return -1;
    int rc = vd_drive_profile_from_kv(&kv, out, err);
    kv_free(&kv);
    return rc;
}

int vd_media_profile_load(const char *path, vd_media_profile *out, db_error *err)
{
    kv_file kv;
    if (kv_load(path, &kv, err))
        return -1;
    int rc = vd_media_profile_from_kv(&kv, out, err);
    kv_free(&kv);
    return rc;
}
