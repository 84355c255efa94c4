/* info_print.c - `discbench info` as text: drive, error-scan protocols,
 * disc and tracks, ATIP, the label check, and what discbench can test
 * (each "no" with its reason). */
#include "info_print.h"

#include <string.h>

static void row(FILE *f, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#include <stdarg.h>

static void row(FILE *f, const char *name, const char *fmt, ...)
{
    fprintf(f, "  %-15s ", name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

/* "79:57.95" from sectors: minutes and seconds of disc time. */
static void mmss(uint32_t sectors, char *out, size_t len)
{
    snprintf(out, len, "%u:%05.2f", sectors / 4500, (sectors % 4500) / 75.0);
}

static void print_drive(FILE *f, const db_info *o)
{
    fputs("drive\n", f);
    row(f, "device", "%s (%s)", o->device, o->transport);
    if (!o->inquiry_ok) {
        row(f, "identity", "unavailable: %s", o->inquiry_why);
        return;
    }
    row(f, "vendor", "%s", o->inquiry.vendor);
    row(f, "model", "%s", o->inquiry.product);
    row(f, "firmware", "%s", o->inquiry.revision);
    row(f, "interface", "%s", o->interface);
    if (o->caps_ok) {
        const mmc_caps *c = &o->caps;
        row(f, "read speed", "max %.1fx (%u kB/s), current %.1fx (%u kB/s)",
            db_mmc_kbs_to_x(c->max_read_kbs), c->max_read_kbs, db_mmc_kbs_to_x(c->current_read_kbs),
            c->current_read_kbs);
        row(f, "buffer", "%u KiB", c->buffer_kib);
        row(f, "CD-DA", "%s, accurate stream: %s", yn(c->cdda_supported), yn(c->accurate_stream));
        row(f, "reads", "CD-R: %s, CD-RW: %s", yn(c->cd_r_read), yn(c->cd_rw_read));
    } else {
        row(f, "capabilities", "unavailable: %s", o->caps_why);
    }
    row(f, "C2 pointers", "%s%s%s%s", o->c2_claimed ? "reported" : "not reported",
        o->c2_claimed ? " (" : "", o->c2_basis, o->c2_claimed ? ")" : "");
    if (o->config_ok) {
        const mmc_config *c = &o->config;
        char list[256] = "";
        size_t n = 0;
        for (int i = 0; i < c->profile_count && n < sizeof list; i++) {
            const char *name = db_mmc_profile_name(c->profiles[i].number);
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
                                  name ? name : "?");
        }
        const char *cur = db_mmc_profile_name(c->current_profile);
        row(f, "profiles", "%s (current: %s)", c->profile_count ? list : "none listed",
            c->current_profile == 0 ? "none" : cur ? cur : "?");
        row(f, "CD Read", "%s%s%s", c->has_cd_read ? "yes" : "not listed",
            c->has_cd_read ? (c->cd_read_c2 ? ", C2 flags" : ", no C2 flags") : "",
            c->has_cd_read ? (c->cd_read_cdtext ? ", CD-Text" : ", no CD-Text") : "");
        row(f, "Multi-Read", "%s", c->has_multi_read ? "yes" : "not listed");
    } else {
        row(f, "features", "unavailable: %s", o->config_why);
    }
}

static void print_protocols(FILE *f, const db_info *o)
{
    fputs("error-scan protocols\n", f);
    const db_scan_match *m = &o->vendor_scan;
    if (m->family == DB_SCAN_FAMILY_NONE)
        row(f, "vendor C1/C2", "none (%s)", m->basis);
    else
        row(f, "vendor C1/C2", "%s%s%s%s: %s; %s", m->name, m->variant[0] ? " (" : "", m->variant,
            m->variant[0] ? ")" : "", m->basis,
            m->implemented ? "implemented" : "not yet implemented in this version");
    if (!o->c2_claimed)
        row(f, "C2 pointers", "no (the drive does not report them)");
    else if (o->c2_probe == 1)
        row(f, "C2 pointers", "yes: READ CD returned %d bytes of pointers per sector", o->c2_probe_bytes);
    else if (o->c2_probe == 0)
        row(f, "C2 pointers", "claimed, but refused: %s", o->c2_probe_why);
    else
        row(f, "C2 pointers", "claimed (not tried: %s)", o->c2_probe_why[0] ? o->c2_probe_why : "no readable track");
}

static void print_tracks(FILE *f, const db_info *o)
{
    fprintf(f, "  %5s  %7s  %-5s  %4s  %9s  %8s  %9s  %9s\n", "track", "session", "type", "mode",
            "start LBA", "start", "sectors", "length");
    for (int i = 0; i < o->track_count; i++) {
        const db_info_track *t = &o->tracks[i];
        uint8_t m, s, fr;
        db_lba_to_msf((int32_t)t->start_lba, &m, &s, &fr);
        char start[16], len[24], mode[8];
        snprintf(start, sizeof start, "%02u:%02u:%02u", m, s, fr);
        mmss(t->sectors, len, sizeof len);
        if (t->data && t->mode)
            snprintf(mode, sizeof mode, "%d", t->mode);
        else
            snprintf(mode, sizeof mode, "%s", t->data ? "?" : "-");
        fprintf(f, "  %5u  %7u  %-5s  %4s  %9u  %8s  %9u  %9s\n", t->number, t->session,
                t->data ? "data" : "audio", mode, t->start_lba, start, t->sectors, len);
    }
}

static void print_disc(FILE *f, const db_info *o)
{
    fputs("disc\n", f);
    if (!o->ready) {
        row(f, "type", "none: %s", o->ready_why);
        return;
    }
    row(f, "type", "%s (%s)", db_disc_kind_name(o->kind), o->kind_basis);
    if (o->track_count == 0) {
        row(f, "contents", "no table of contents: %s", o->toc_why);
        return;
    }
    char len[24];
    mmss(o->leadout_lba, len, sizeof len);
    row(f, "length", "%u sectors, %s (%.2f min)", o->leadout_lba, len, o->leadout_lba / 4500.0);
    row(f, "sessions", "%d%s", o->sessions, o->fulltoc_ok ? "" : " (no full TOC)");
    row(f, "tracks", "%d: %d data, %d audio", o->track_count, o->data_tracks, o->audio_tracks);
    print_tracks(f, o);
    if (!o->fulltoc_ok)
        row(f, "full TOC", "unavailable: %s", o->fulltoc_why);
    else if (o->fulltoc.problem[0])
        row(f, "full TOC", "inconsistent: %s", o->fulltoc.problem);
    if (o->fulltoc_ok && o->fulltoc.truncated)
        row(f, "full TOC", "cut short by the drive (length field larger than what arrived)");
}

static void print_atip(FILE *f, const db_info *o)
{
    fputs("ATIP\n", f);
    if (!o->atip_ok) {
        row(f, "status", "%s", o->atip_why[0] ? o->atip_why : "not read");
        return;
    }
    const mmc_atip *a = &o->atip;
    row(f, "lead-in", "%02u:%02u:%02u (LBA %ld)", a->lead_in_m, a->lead_in_s, a->lead_in_f,
        (long)o->lead_in_lba);
    if (o->maker_known)
        row(f, "manufacturer", "%s (%s)", o->maker.name, o->maker.source);
    else
        row(f, "manufacturer", "unknown: code %02u:%02u:%02u (%s)", a->lead_in_m, a->lead_in_s,
            a->lead_in_f, o->maker_note);
    if (o->maker_known && o->maker.also_sold_as[0])
        row(f, "also sold as", "%s", o->maker.also_sold_as);
    row(f, "dye", "%s", db_atip_dye(a));
    row(f, "disc type", "%s, sub-type %u: %s", a->erasable ? "CD-RW" : "CD-R", a->sub_type,
        db_atip_subtype_text(a));
    row(f, "lead-out", "%02u:%02u:%02u (LBA %ld, capacity %.2f min)", a->lead_out_m, a->lead_out_s,
        a->lead_out_f, (long)o->lead_out_lba, o->lead_out_lba / 4500.0);
    if (o->speed_low_x || o->speed_high_x)
        row(f, "speeds", "%dx to %dx (A1)", o->speed_low_x, o->speed_high_x);
    else
        row(f, "speeds", "not declared%s", a->a1_valid ? " (A1 codes reserved)" : " (no A1 values)");
    char ref[32];
    if (o->ref_speed_x)
        snprintf(ref, sizeof ref, "%dx", o->ref_speed_x);
    else
        snprintf(ref, sizeof ref, "not declared");
    row(f, "OPC", "writing power %u, reference speed %s", a->writing_power, ref);
    row(f, "use", "%s", a->uru ? "unrestricted (consumer audio recorders accept it)"
                               : "restricted (general purpose)");
}

static void print_label(FILE *f, const db_info *o)
{
    if (!o->label[0])
        return;
    fputs("label\n", f);
    row(f, "label", "%s", o->label);
    if (o->label_checked && !o->label_matches)
        row(f, "WARNING", "%s", o->label_verdict);
    else if (o->label_checked)
        row(f, "check", "%s", o->label_verdict);
    else
        row(f, "check", "cannot check: %s", o->atip_ok ? "the ATIP code is not in the table"
                                                       : "no ATIP from this disc or drive");
}

void db_info_print(FILE *f, const db_info *o)
{
    fprintf(f, "discbench info%s\n", o->simulated ? "  [SIMULATED: virtual drive, not a measurement]" : "");
    if (!o->opened) {
        fputs("drive\n", f);
        row(f, "device", "%s", o->device);
        row(f, "error", "%s", o->open_error);
        if (o->open_fix[0])
            row(f, "fix", "%s", o->open_fix);
    } else {
        print_drive(f, o);
        print_protocols(f, o);
        if (o->inquiry_ok) {
            print_disc(f, o);
            if (o->ready)
                print_atip(f, o);
            print_label(f, o);
        }
    }
    fputs("what discbench can test\n", f);
    for (int i = 0; i < DB_INFO_TESTS; i++)
        if (o->tests[i].name)
            fprintf(f, "  %-9s %-3s  %s\n", o->tests[i].name, o->tests[i].can ? "yes" : "no",
                    o->tests[i].why);
}
