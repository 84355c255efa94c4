/* info_assess.c - "what discbench can test on this drive and disc", and
 * for each test that cannot run, why: never a silently greyed-out test
 * (users report tools that grey tests out with no reason, qpxtool#55,
 * #40, #67). */
#include "info.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void set(db_info_test *t, const char *name, bool can, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set(db_info_test *t, const char *name, bool can, const char *fmt, ...)
{
    t->name = name;
    t->can = can;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->why, sizeof t->why, fmt, ap);
    va_end(ap);
}

static const char *const names[DB_INFO_TESTS] = { "transfer", "dae", "seek", "c2scan", "quality", "scan" };

/* The same reason for every test (no drive, no disc...). */
static void all(db_info *o, const char *why)
{
    for (int i = 0; i < DB_INFO_TESTS; i++)
        set(&o->tests[i], names[i], false, "%s", why);
}

static void quality(db_info *o, db_info_test *t)
{
    const db_scan_match *m = &o->vendor_scan;
    if (m->family == DB_SCAN_FAMILY_NONE) {
        set(t, "quality", false, "no vendor C1/C2 scan protocol is known for %s %s%s",
            o->inquiry.vendor, o->inquiry.product,
            o->tests[3].can ? ": c2scan counts C2 pointers instead" : "");
        return;
    }
    if (!m->implemented) {
        set(t, "quality", false, "the %s protocol applies (%s) but is not yet implemented in this version",
            m->name, m->basis);
        return;
    }
    if (m->by_vendor_only)
        set(t, "quality", true,
            "%s protocol, chosen by the vendor alone (%s): tried first; a drive that does not "
            "answer it gets the c2scan instead", m->name, m->basis);
    else
        set(t, "quality", true, "%s protocol (%s)", m->name, m->basis);
}

void db_info_assess(db_info *o)
{
    char why[2 * DB_INFO_WHY];
    if (!o->opened) {
        if (o->open_fix[0])
            snprintf(why, sizeof why, "cannot open %s: fix: %s", o->device, o->open_fix);
        else
            snprintf(why, sizeof why, "cannot open the drive: %s", o->open_error);
        all(o, why);
        return;
    }
    if (!o->inquiry_ok) {
        snprintf(why, sizeof why, "the drive does not identify itself: %s", o->inquiry_why);
        all(o, why);
        return;
    }
    if (!o->ready) {
        all(o, o->ready_why);
        return;
    }
    if (o->kind == DB_DISC_BLANK) {
        all(o, "the disc is blank: nothing is recorded to read");
        return;
    }
    if (o->track_count == 0) {
        snprintf(why, sizeof why, "no readable table of contents: %s", o->toc_why);
        all(o, why);
        return;
    }

    db_info_test *t = o->tests;
    if (o->data_tracks > 0)
        set(&t[0], "transfer", true, "%d data track%s", o->data_tracks, o->data_tracks > 1 ? "s" : "");
    else
        set(&t[0], "transfer", false, "no data track on this disc (audio only: the dae test reads audio)");

    if (o->audio_tracks == 0)
        set(&t[1], "dae", false, "no audio tracks on this disc");
    else if (o->caps_ok && !o->caps.cdda_supported)
        set(&t[1], "dae", false, "the drive reports no CD-DA read support (MODE SENSE page 2A)");
    else if (!o->caps_ok)
        set(&t[1], "dae", true, "%d audio track%s; CD-DA support not reported (page 2A unavailable)",
            o->audio_tracks, o->audio_tracks > 1 ? "s" : "");
    else
        set(&t[1], "dae", true, "%d audio track%s, CD-DA reads supported%s", o->audio_tracks,
            o->audio_tracks > 1 ? "s" : "", o->caps.accurate_stream ? ", accurate stream" : "");

    /* seek samples the data area (seek.h): an audio-only disc has none */
    if (o->data_tracks > 0)
        set(&t[2], "seek", true, "%u sectors to seek over", o->leadout_lba);
    else
        set(&t[2], "seek", false, "no data track on this disc: the seek test reads data sectors");

    if (!o->c2_claimed)
        set(&t[3], "c2scan", false,
            "the drive reports no C2 error pointers (MODE SENSE page 2A%s)",
            o->config_ok ? " and GET CONFIGURATION" : "");
    else if (o->c2_probe == 0)
        set(&t[3], "c2scan", false, "the drive claims C2 pointers (%s) but refuses them: %s",
            o->c2_basis, o->c2_probe_why);
    else
        set(&t[3], "c2scan", true, "C2 pointers, %d bytes per sector", o->c2_probe_bytes ? o->c2_probe_bytes : 294);

    quality(o, &t[4]);
    set(&t[5], "scan", true, "every sector of %d track%s", o->track_count, o->track_count > 1 ? "s" : "");
}
