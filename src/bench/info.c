/* info.c - gather drive and disc identification (see info.h).  Every
 * command is one of the read-only ones the allowlist permits; every
 * answer goes through a length-checked parser; a refusal is recorded as a
 * reason, never a stop. */
#include "info.h"

#include <stdio.h>
#include <string.h>

#include "../drive/retry.h"
#include "../util/datadir.h"

/* READ CD probes: one sector, whole 2352 bytes (+ 294 or 296 of C2). */
#define PROBE_FLAGS_RAW 0xF8
#define PROBE_BUF (2352 + 296)

const char *db_disc_kind_name(db_disc_kind k)
{
    switch (k) {
    case DB_DISC_NONE: return "none";
    case DB_DISC_BLANK: return "blank";
    case DB_DISC_PRESSED: return "pressed";
    case DB_DISC_CDR: return "CD-R";
    case DB_DISC_CDRW: return "CD-RW";
    default: return "unknown";
    }
}

int db_info_table_path(char *out, size_t out_len)
{
    char dir[2048];
    if (db_data_dir(dir, sizeof dir)) {
        snprintf(out, out_len, "%s", dir);
        return -1;
    }
    snprintf(out, out_len, "%s/profiles/atip-manufacturers.tsv", dir);
    return 0;
}

/* "not supported by this drive (...)" for ILLEGAL REQUEST, the plain
 * failure otherwise: users must be able to tell a drive that lacks a
 * command from one that failed it. */
static void why_failed(const db_cmd_result *res, const db_error *err, char *out, size_t len)
{
    if (res->status == DB_CMD_CHECK && res->sense.key == 0x05) {
        char d[160];
        db_result_describe(res, d, sizeof d);
        snprintf(out, len, "not supported by this drive (%s)", d);
    } else {
        snprintf(out, len, "%s", err->msg);
    }
}

static void read_drive(db_drive *d, db_info *o)
{
    db_error err = { 0 };
    db_cmd_result res;
    if (db_mmc_inquiry(d, &o->inquiry, &err) == 0)
        o->inquiry_ok = true;
    else
        snprintf(o->inquiry_why, sizeof o->inquiry_why, "%s", err.msg);
    if (!o->inquiry_ok && d->no_answer_streak >= 2) {
        /* no answer, even to the retry: every other question would wait
         * out its timeout too (seconds each on a real drive) */
        o->no_answer = true;
        snprintf(o->no_answer_why, sizeof o->no_answer_why, "INQUIRY got no answer");
        db_scan_family_for(NULL, NULL, &o->vendor_scan);
        snprintf(o->interface, sizeof o->interface, "unknown (the drive does not answer)");
        return;
    }

    db_error_clear(&err);
    if (db_mmc_mode_sense_caps(d, &o->caps, &err) == 0)
        o->caps_ok = true;
    else
        snprintf(o->caps_why, sizeof o->caps_why, "%s", err.msg);

    db_error_clear(&err);
    memset(&res, 0, sizeof res);
    if (db_mmc_get_configuration(d, &o->config, &res, &err) == 0)
        o->config_ok = true;
    else
        why_failed(&res, &err, o->config_why, sizeof o->config_why);

    snprintf(o->link, sizeof o->link, "%s", d->link);
    const char *phys = o->config_ok && o->config.has_core
                           ? db_mmc_interface_name(o->config.physical_interface)
                           : NULL;
    if (phys && o->link[0])
        snprintf(o->interface, sizeof o->interface, "%s (%s)", phys, o->link);
    else if (phys)
        snprintf(o->interface, sizeof o->interface, "%s", phys);
    else if (o->link[0])
        snprintf(o->interface, sizeof o->interface, "%s", o->link);
    else
        snprintf(o->interface, sizeof o->interface, "unknown (no GET CONFIGURATION core feature)");

    if (o->inquiry_ok)
        db_scan_family_for(o->inquiry.vendor, o->inquiry.product, &o->vendor_scan);
    else
        db_scan_family_for(NULL, NULL, &o->vendor_scan);

    bool page = o->caps_ok && o->caps.c2_pointers;
    bool feat = o->config_ok && o->config.has_cd_read && o->config.cd_read_c2;
    o->c2_claimed = page || feat;
    snprintf(o->c2_basis, sizeof o->c2_basis, "%s%s%s", page ? "MODE SENSE page 2A" : "",
             page && feat ? " and " : "", feat ? "the CD Read feature" : "");
}

/* TEST UNIT READY under the retry policy (drive/retry.h: a drive becoming
 * ready is waited for, a unit attention is asked again). */
static void check_ready(db_drive *d, db_info *o)
{
    db_cmd_result res;
    db_retry rt = { 0 };
    int rc;
    do
        rc = db_mmc_test_unit_ready(d, &res);
    while (db_retry_step(d, &rt, NULL, "TEST UNIT READY", UINT32_MAX, rc, &res, 0));
    o->ready = rc == 0;
    o->no_answer = rt.last == DB_FAULT_TRANSPORT;
    if (o->no_answer)
        snprintf(o->no_answer_why, sizeof o->no_answer_why, "TEST UNIT READY got no answer");
    if (o->ready)
        return;
    char d2[160];
    db_result_describe(&res, d2, sizeof d2);
    if (res.status == DB_CMD_CHECK && res.sense.asc == 0x3A)
        snprintf(o->ready_why, sizeof o->ready_why, "no disc in the drive (%s)", d2);
    else
        snprintf(o->ready_why, sizeof o->ready_why, "drive not ready: %s", d2);
}

/* One-sector READ CD probe under the retry policy (drive/retry.h): a unit
 * attention or a drive becoming ready must not pass for a property of the
 * drive. */
static int probe_read(db_drive *d, uint32_t lba, uint8_t flags, uint8_t *buf, size_t len, size_t want,
                      db_cmd_result *res)
{
    db_retry rt = { 0 };
    int rc;
    do {
        memset(buf, 0, len);
        rc = db_mmc_read_cd(d, MMC_SECTOR_ANY, lba, 1, flags, 0, buf, len, res);
    } while (db_retry_step(d, &rt, NULL, "READ CD", lba, rc, res, want));
    return rc;
}

/* The mode byte of a data track's first sector (byte 15 of the raw
 * sector), read with READ CD of the whole 2352 bytes. */
static int data_mode(db_drive *d, uint32_t lba)
{
    uint8_t buf[PROBE_BUF];
    db_cmd_result res;
    if (probe_read(d, lba, PROBE_FLAGS_RAW, buf, sizeof buf, 2352, &res) || res.data_len < 16)
        return 0;
    static const uint8_t sync[12] = { 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0 };
    if (memcmp(buf, sync, sizeof sync) != 0)
        return 0;
    return buf[15] == 1 || buf[15] == 2 ? buf[15] : 0;
}

/* Lead-out of the session a track belongs to (full TOC), else the disc's. */
static uint32_t session_end(const db_info *o, uint8_t session)
{
    if (o->fulltoc_ok)
        for (int i = 0; i < o->fulltoc.session_count; i++)
            if (o->fulltoc.sessions[i].number == session && o->fulltoc.sessions[i].has_a2 &&
                o->fulltoc.sessions[i].leadout_lba > 0)
                return (uint32_t)o->fulltoc.sessions[i].leadout_lba;
    return o->leadout_lba;
}

/* The track list: READ TOC format 0, with sessions from the full TOC; the
 * full TOC alone when format 0 failed. */
static void build_tracks(db_drive *d, db_info *o)
{
    o->track_count = 0;
    if (o->toc_ok) {
        o->leadout_lba = o->toc.leadout_lba;
        for (int i = 0; i < o->toc.count; i++) {
            db_info_track *t = &o->tracks[o->track_count++];
            memset(t, 0, sizeof *t);
            t->number = o->toc.tracks[i].number;
            t->control = o->toc.tracks[i].control;
            t->adr = o->toc.tracks[i].adr;
            t->start_lba = o->toc.tracks[i].lba;
            t->session = 1;
            if (o->fulltoc_ok)
                for (int k = 0; k < o->fulltoc.track_count; k++)
                    if (o->fulltoc.tracks[k].number == t->number)
                        t->session = o->fulltoc.tracks[k].session;
        }
    } else if (o->fulltoc_ok) {
        int32_t leadout = 0;
        for (int i = 0; i < o->fulltoc.session_count; i++)
            if (o->fulltoc.sessions[i].has_a2 && o->fulltoc.sessions[i].leadout_lba > leadout)
                leadout = o->fulltoc.sessions[i].leadout_lba;
        o->leadout_lba = (uint32_t)leadout;
        for (int i = 0; i < o->fulltoc.track_count; i++) {
            const mmc_fulltoc_track *f = &o->fulltoc.tracks[i];
            if (f->lba < 0)
                continue;
            db_info_track *t = &o->tracks[o->track_count++];
            memset(t, 0, sizeof *t);
            t->number = f->number;
            t->session = f->session;
            t->control = f->control;
            t->adr = f->adr;
            t->start_lba = (uint32_t)f->lba;
        }
    }
    o->data_tracks = o->audio_tracks = 0;
    for (int i = 0; i < o->track_count; i++) {
        db_info_track *t = &o->tracks[i];
        uint32_t end = session_end(o, t->session);
        if (i + 1 < o->track_count && o->tracks[i + 1].start_lba < end)
            end = o->tracks[i + 1].start_lba;
        t->sectors = end > t->start_lba ? end - t->start_lba : 0;
        t->data = (t->control & 0x4) != 0;
        if (t->data) {
            o->data_tracks++;
            t->mode = data_mode(d, t->start_lba);
        } else {
            o->audio_tracks++;
        }
    }
    o->sessions = 0;
    if (o->fulltoc_ok)
        o->sessions = o->fulltoc.session_count;
    else if (o->session_ok)
        o->sessions = o->session.last_session;
    else if (o->toc_ok)
        o->sessions = 1;
}

static void read_atip(db_drive *d, db_info *o)
{
    db_error err = { 0 };
    db_cmd_result res;
    memset(&res, 0, sizeof res);
    if (db_mmc_read_atip(d, &o->atip, &res, &err)) {
        if (res.status == DB_CMD_CHECK && res.sense.key == 0x05) {
            char dsc[160];
            db_result_describe(&res, dsc, sizeof dsc);
            snprintf(o->atip_why, sizeof o->atip_why,
                     "no ATIP: a pressed disc, or a drive that cannot read it (%s)", dsc);
        } else {
            snprintf(o->atip_why, sizeof o->atip_why, "%s", err.msg);
        }
        return;
    }
    if (!db_atip_plausible(&o->atip)) {
        snprintf(o->atip_why, sizeof o->atip_why,
                 "the drive returned an ATIP whose lead-in start %02u:%02u:%02u is not in the "
                 "lead-in (minutes 90-99): ignored",
                 o->atip.lead_in_m, o->atip.lead_in_s, o->atip.lead_in_f);
        return;
    }
    o->atip_ok = true;
    o->lead_in_lba = db_msf_to_lba_leadin(o->atip.lead_in_m, o->atip.lead_in_s, o->atip.lead_in_f);
    o->lead_out_lba = db_msf_to_lba(o->atip.lead_out_m, o->atip.lead_out_s, o->atip.lead_out_f);
    db_atip_speed_range(&o->atip, &o->speed_low_x, &o->speed_high_x);
    o->ref_speed_x = db_atip_ref_speed_x(&o->atip);

    char path[2300];
    if (db_info_table_path(path, sizeof path)) {
        snprintf(o->maker_note, sizeof o->maker_note,
                 "manufacturer table not found (no profiles/ in %.200s)", path);
        return;
    }
    db_atip_table table;
    db_error terr = { 0 };
    if (db_atip_table_load(path, &table, &terr)) {
        snprintf(o->maker_note, sizeof o->maker_note, "%s", terr.msg);
        return;
    }
    const db_atip_maker *m = db_atip_lookup(&table, o->atip.lead_in_m, o->atip.lead_in_s,
                                            o->atip.lead_in_f);
    if (m) {
        o->maker_known = true;
        o->maker = *m;
    } else {
        snprintf(o->maker_note, sizeof o->maker_note,
                 "code %02u:%02u:%02u is not in the manufacturer table", o->atip.lead_in_m,
                 o->atip.lead_in_s, o->atip.lead_in_f);
    }
    db_atip_table_free(&table);
}

/* What kind of disc: the ATIP says recordable (and which), the TOC says
 * whether anything is recorded, the current profile backs it up. */
static void classify(db_info *o)
{
    uint16_t prof = o->config_ok ? o->config.current_profile : 0xFFFF;
    if (!o->ready) {
        o->kind = DB_DISC_NONE;
        snprintf(o->kind_basis, sizeof o->kind_basis, "%s", o->ready_why);
        return;
    }
    bool recorded = o->toc_ok || o->fulltoc_ok;
    if (o->atip_ok) {
        if (!recorded) {
            o->kind = DB_DISC_BLANK;
            snprintf(o->kind_basis, sizeof o->kind_basis, "ATIP present (%s), no table of contents",
                     o->atip.erasable ? "CD-RW" : "CD-R");
        } else {
            o->kind = o->atip.erasable ? DB_DISC_CDRW : DB_DISC_CDR;
            snprintf(o->kind_basis, sizeof o->kind_basis, "ATIP disc type bit");
        }
        return;
    }
    if (prof == MMC_PROFILE_CDR || prof == MMC_PROFILE_CDRW) {
        o->kind = prof == MMC_PROFILE_CDR ? DB_DISC_CDR : DB_DISC_CDRW;
        snprintf(o->kind_basis, sizeof o->kind_basis, "current profile %s (the ATIP could not be read)",
                 db_mmc_profile_name(prof));
        if (!recorded)
            o->kind = DB_DISC_BLANK;
        return;
    }
    if (!recorded) {
        o->kind = DB_DISC_UNKNOWN;
        snprintf(o->kind_basis, sizeof o->kind_basis, "no table of contents and no ATIP");
        return;
    }
    o->kind = DB_DISC_PRESSED;
    /* a reader cannot tell a recordable from a pressed disc: say so */
    bool writer = false;
    for (int i = 0; o->config_ok && i < o->config.profile_count; i++)
        if (o->config.profiles[i].number == MMC_PROFILE_CDR ||
            o->config.profiles[i].number == MMC_PROFILE_CDRW)
            writer = true;
    if (writer)
        snprintf(o->kind_basis, sizeof o->kind_basis, "no ATIP%s", prof == MMC_PROFILE_CDROM
                                                                      ? ", current profile CD-ROM"
                                                                      : "");
    else
        snprintf(o->kind_basis, sizeof o->kind_basis,
                 "no ATIP from this reader: pressed, or a CD-R/RW it cannot tell apart");
}

/* One READ CD of a sector with C2 pointers: 294 bytes, else the 296 form.
 * Tells a drive that only claims C2 from one that delivers it. */
static void probe_c2(db_drive *d, db_info *o)
{
    o->c2_probe = -1;
    if (!o->c2_claimed || !o->ready || o->track_count == 0)
        return;
    uint8_t buf[PROBE_BUF];
    db_cmd_result res;
    uint32_t lba = o->tracks[0].start_lba;
    const uint8_t forms[2] = { MMC_READCD_C2, MMC_READCD_C2_BLOCK };
    char dsc[160];
    for (int i = 0; i < 2; i++) {
        size_t want = 2352u + (i ? 296u : 294u);
        int rc = probe_read(d, lba, PROBE_FLAGS_RAW | forms[i], buf, sizeof buf, want, &res);
        if (rc == 0 && res.data_len >= want) {
            o->c2_probe = 1;
            o->c2_probe_bytes = i == 0 ? 294 : 296;
            return;
        }
        /* only a refusal (or a short C2 field) says something about C2; an
         * unreadable sector, a missing disc, a lost answer do not */
        db_fault_class c = db_fault_classify(rc, &res, want);
        if (c != DB_FAULT_ILLEGAL && c != DB_FAULT_SHORT && c != DB_FAULT_NONE) {
            db_result_describe(&res, dsc, sizeof dsc);
            snprintf(o->c2_probe_why, sizeof o->c2_probe_why, "READ CD with C2 pointers at LBA %u failed: %s",
                     lba, dsc);
            return; /* c2_probe stays -1: not known */
        }
    }
    o->c2_probe = 0;
    db_result_describe(&res, dsc, sizeof dsc);
    snprintf(o->c2_probe_why, sizeof o->c2_probe_why,
             "READ CD with C2 pointers (294 and 296 bytes) at LBA %u failed: %s", lba, dsc);
}

static void keys(db_info *o)
{
    if (o->inquiry_ok)
        snprintf(o->drive_key, sizeof o->drive_key, "%s|%s|%s", o->inquiry.vendor,
                 o->inquiry.product, o->inquiry.revision);
    if (o->atip_ok)
        snprintf(o->media_key, sizeof o->media_key, "%s|%02u:%02u:%02u|%ld",
                 o->atip.erasable ? "CD-RW" : "CD-R", o->atip.lead_in_m, o->atip.lead_in_s,
                 o->atip.lead_in_f, (long)o->lead_out_lba);
    else if (o->ready && o->track_count)
        snprintf(o->media_key, sizeof o->media_key, "%s|%u|%d", db_disc_kind_name(o->kind),
                 o->leadout_lba, o->track_count);
}

void db_info_gather(db_drive *d, const char *label, db_info *out)
{
    memset(out, 0, sizeof *out);
    out->c2_probe = -1;
    snprintf(out->device, sizeof out->device, "%s", d->device);
    snprintf(out->transport, sizeof out->transport, "%s", d->ops ? d->ops->name : "");
    out->simulated = d->simulated;
    out->opened = true;
    if (label)
        snprintf(out->label, sizeof out->label, "%s", label);

    read_drive(d, out);
    if (out->inquiry_ok) {
        check_ready(d, out);
        if (out->ready) {
            db_error err = { 0 };
            db_cmd_result res;
            if (db_mmc_read_toc(d, &out->toc, &err) == 0)
                out->toc_ok = true;
            else
                snprintf(out->toc_why, sizeof out->toc_why, "%s", err.msg);
            db_error_clear(&err);
            memset(&res, 0, sizeof res);
            if (db_mmc_read_session_info(d, &out->session, &res, &err) == 0)
                out->session_ok = true;
            else
                why_failed(&res, &err, out->session_why, sizeof out->session_why);
            db_error_clear(&err);
            memset(&res, 0, sizeof res);
            if (db_mmc_read_fulltoc(d, &out->fulltoc, &res, &err) == 0)
                out->fulltoc_ok = true;
            else
                why_failed(&res, &err, out->fulltoc_why, sizeof out->fulltoc_why);
            read_atip(d, out);
            build_tracks(d, out);
        }
    }
    classify(out);
    probe_c2(d, out);
    if (!out->no_answer && d->no_answer_streak > 0) {
        /* the last command(s) got no answer: the drive stopped answering
         * (a single lost answer followed by answers is only a failed field) */
        out->no_answer = true;
        snprintf(out->no_answer_why, sizeof out->no_answer_why,
                 "its last %u command(s) got no answer", d->no_answer_streak);
    }
    if (out->maker_known)
        db_info_check_label(label, &out->maker, out);
    keys(out);
    db_info_assess(out);
}

void db_info_open_failed(const char *device, const db_error *err, db_info *out)
{
    memset(out, 0, sizeof *out);
    out->c2_probe = -1;
    snprintf(out->device, sizeof out->device, "%s", device ? device : "");
    out->opened = false;
    out->open_code = err->code ? err->code : DB_EXIT_DEVICE;
    snprintf(out->open_error, sizeof out->open_error, "%s", err->msg);
    /* The libcdio transport names the fix after "no permission to open
     * PATH: " (the group that owns the node); keep it apart so it is
     * printed as the fix. */
    const char *perm = strstr(err->msg, "no permission to open ");
    const char *fix = perm ? strstr(perm, ": ") : NULL;
    if (fix && strstr(fix, "directory on its path"))
        snprintf(out->open_fix, sizeof out->open_fix,
                 "make every directory on the path to %s searchable for you", out->device);
    else if (fix)
        snprintf(out->open_fix, sizeof out->open_fix, "%s", fix + 2);
    else if (perm)
        snprintf(out->open_fix, sizeof out->open_fix, "get read access to %s", out->device);
    db_scan_family_for(NULL, NULL, &out->vendor_scan);
    out->kind = DB_DISC_UNKNOWN;
    db_info_assess(out);
}
