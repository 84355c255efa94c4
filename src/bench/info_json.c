/* info_json.c - the info as JSON: one writer for `discbench info --json`
 * and for the "info" object every summary.json carries.  What a drive did
 * not answer is null with an "..._error" string saying why. */
#include "info.h"

#include <stdio.h>

#include "../report/json.h"

static void str_or_null(db_json *j, const char *key, const char *s)
{
    db_json_str(j, key, s && *s ? s : NULL);
}

static void msf(db_json *j, const char *key, uint8_t m, uint8_t s, uint8_t f)
{
    char t[16];
    snprintf(t, sizeof t, "%02u:%02u:%02u", m, s, f);
    db_json_str(j, key, t);
}

static void lba_msf(db_json *j, const char *key, uint32_t lba)
{
    uint8_t m, s, f;
    db_lba_to_msf((int32_t)lba, &m, &s, &f);
    msf(j, key, m, s, f);
}

static void speed_or_null(db_json *j, const char *key, int x)
{
    if (x > 0)
        db_json_int(j, key, x);
    else
        db_json_null(j, key);
}

static void caps(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "capabilities");
    db_json_bool(j, "caps_available", o->caps_ok);
    str_or_null(j, "caps_error", o->caps_ok ? NULL : o->caps_why);
    if (o->caps_ok) {
        const mmc_caps *c = &o->caps;
        db_json_num(j, "max_read_speed_x", db_mmc_kbs_to_x(c->max_read_kbs), 1);
        db_json_int(j, "max_read_kbs", c->max_read_kbs);
        db_json_num(j, "current_read_speed_x", db_mmc_kbs_to_x(c->current_read_kbs), 1);
        db_json_int(j, "current_read_kbs", c->current_read_kbs);
        db_json_int(j, "drive_buffer_kib", c->buffer_kib);
        db_json_bool(j, "cdda_reported", c->cdda_supported);
        db_json_bool(j, "accurate_stream_reported", c->accurate_stream);
        db_json_bool(j, "c2_pointers_reported", c->c2_pointers);
        db_json_bool(j, "reads_cdr", c->cd_r_read);
        db_json_bool(j, "reads_cdrw", c->cd_rw_read);
    }
    db_json_end_object(j);
}

static void features(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "features");
    db_json_bool(j, "features_available", o->config_ok);
    str_or_null(j, "features_error", o->config_ok ? NULL : o->config_why);
    if (o->config_ok) {
        const mmc_config *c = &o->config;
        const char *cur = db_mmc_profile_name(c->current_profile);
        db_json_str(j, "current_profile", c->current_profile == 0 ? "none" : cur);
        db_json_int(j, "current_profile_code", c->current_profile);
        db_json_begin_array(j, "profiles");
        for (int i = 0; i < c->profile_count; i++) {
            const char *n = db_mmc_profile_name(c->profiles[i].number);
            char code[16];
            snprintf(code, sizeof code, "0x%04X", c->profiles[i].number);
            db_json_str(j, NULL, n ? n : code);
        }
        db_json_end_array(j);
        db_json_bool(j, "cd_read", c->has_cd_read);
        db_json_bool(j, "cd_read_c2", c->cd_read_c2);
        db_json_bool(j, "cd_text", c->cd_read_cdtext);
        db_json_bool(j, "multi_read", c->has_multi_read);
        const char *phys = c->has_core ? db_mmc_interface_name(c->physical_interface) : NULL;
        str_or_null(j, "physical_interface", phys);
        db_json_bool(j, "features_truncated", c->truncated);
    }
    db_json_end_object(j);
}

static void drive(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "drive");
    str_or_null(j, "vendor", o->inquiry_ok ? o->inquiry.vendor : NULL);
    str_or_null(j, "model", o->inquiry_ok ? o->inquiry.product : NULL);
    str_or_null(j, "firmware", o->inquiry_ok ? o->inquiry.revision : NULL);
    str_or_null(j, "vendor_specific", o->inquiry_ok ? o->inquiry.vendor_specific : NULL);
    str_or_null(j, "inquiry_error", o->inquiry_ok ? NULL : o->inquiry_why);
    str_or_null(j, "host_interface", o->opened ? o->interface : NULL);
    str_or_null(j, "host_link", o->link);
    if (o->opened && o->inquiry_ok) {
        caps(j, o);
        features(j, o);
    }
    db_json_end_object(j);
}

static void error_scan(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "error_scan");
    db_json_str(j, "vendor_protocol", o->vendor_scan.name);
    str_or_null(j, "vendor_protocol_variant", o->vendor_scan.variant);
    db_json_str(j, "vendor_protocol_basis", o->vendor_scan.basis);
    db_json_bool(j, "vendor_protocol_implemented", o->vendor_scan.implemented);
    db_json_bool(j, "vendor_protocol_by_vendor_only", o->vendor_scan.by_vendor_only);
    db_json_bool(j, "c2_claimed", o->c2_claimed);
    str_or_null(j, "c2_basis", o->c2_basis);
    db_json_str(j, "c2_probe", o->c2_probe < 0 ? "not tried" : o->c2_probe ? "ok" : "refused");
    if (o->c2_probe == 1)
        db_json_int(j, "c2_probe_bytes", o->c2_probe_bytes);
    else
        db_json_null(j, "c2_probe_bytes");
    str_or_null(j, "c2_probe_error", o->c2_probe <= 0 && o->c2_probe_why[0] ? o->c2_probe_why : NULL);
    db_json_end_object(j);
}

static void track(db_json *j, const db_info_track *t)
{
    db_json_begin_object(j, NULL);
    db_json_int(j, "track", t->number);
    db_json_int(j, "track_session", t->session);
    db_json_str(j, "track_kind", t->data ? "data" : "audio");
    if (t->data && t->mode)
        db_json_int(j, "track_mode", t->mode);
    else
        db_json_null(j, "track_mode");
    db_json_int(j, "track_start_lba", t->start_lba);
    lba_msf(j, "track_start_msf", t->start_lba);
    db_json_int(j, "track_sectors", t->sectors);
    db_json_num(j, "track_seconds", t->sectors / 75.0, 2);
    db_json_int(j, "track_control", t->control);
    db_json_bool(j, "copy_permitted", (t->control & 0x2) != 0);
    db_json_bool(j, "preemphasis", !t->data && (t->control & 0x1) != 0);
    db_json_bool(j, "four_channel", !t->data && (t->control & 0x8) != 0);
    db_json_end_object(j);
}

static void medium(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "medium");
    db_json_bool(j, "medium_present", o->ready);
    str_or_null(j, "not_ready", o->opened && !o->ready ? o->ready_why : NULL);
    db_json_str(j, "medium_type", db_disc_kind_name(o->kind));
    str_or_null(j, "medium_type_basis", o->kind_basis);
    if (o->track_count > 0) {
        db_json_int(j, "medium_sectors", o->leadout_lba);
        db_json_num(j, "medium_minutes", o->leadout_lba / 4500.0, 2);
        lba_msf(j, "medium_lead_out_msf", o->leadout_lba);
    } else {
        db_json_null(j, "medium_sectors");
    }
    db_json_int(j, "session_count", o->sessions);
    db_json_int(j, "track_count", o->track_count);
    db_json_int(j, "data_track_count", o->data_tracks);
    db_json_int(j, "audio_track_count", o->audio_tracks);
    str_or_null(j, "toc_error", o->ready && !o->toc_ok ? o->toc_why : NULL);
    str_or_null(j, "session_info_error", o->ready && !o->session_ok ? o->session_why : NULL);
    str_or_null(j, "full_toc_error", o->ready && !o->fulltoc_ok ? o->fulltoc_why : NULL);
    str_or_null(j, "full_toc_problem", o->fulltoc_ok ? o->fulltoc.problem : NULL);
    db_json_begin_array(j, "track_list");
    for (int i = 0; i < o->track_count; i++)
        track(j, &o->tracks[i]);
    db_json_end_array(j);
    db_json_end_object(j);
}

static void atip(db_json *j, const db_info *o)
{
    db_json_begin_object(j, "atip");
    db_json_bool(j, "atip_available", o->atip_ok);
    str_or_null(j, "atip_error", o->atip_ok || !o->ready ? NULL : o->atip_why);
    if (o->atip_ok) {
        const mmc_atip *a = &o->atip;
        msf(j, "lead_in_msf", a->lead_in_m, a->lead_in_s, a->lead_in_f);
        db_json_int(j, "lead_in_lba", o->lead_in_lba);
        str_or_null(j, "maker", o->maker_known ? o->maker.name : NULL);
        str_or_null(j, "maker_short", o->maker_known ? o->maker.short_name : NULL);
        str_or_null(j, "maker_also_sold_as", o->maker_known ? o->maker.also_sold_as : NULL);
        str_or_null(j, "maker_source", o->maker_known ? o->maker.source : NULL);
        str_or_null(j, "maker_note", o->maker_note);
        db_json_str(j, "dye", db_atip_dye(a));
        db_json_str(j, "disc_type", a->erasable ? "CD-RW" : "CD-R");
        db_json_int(j, "sub_type", a->sub_type);
        db_json_str(j, "sub_type_text", db_atip_subtype_text(a));
        msf(j, "lead_out_msf", a->lead_out_m, a->lead_out_s, a->lead_out_f);
        db_json_int(j, "lead_out_lba", o->lead_out_lba);
        db_json_num(j, "capacity_minutes", o->lead_out_lba / 4500.0, 2);
        db_json_int(j, "writing_power", a->writing_power);
        speed_or_null(j, "reference_speed_x", o->ref_speed_x);
        db_json_bool(j, "unrestricted", a->uru);
        db_json_bool(j, "a1_valid", a->a1_valid);
        db_json_bool(j, "a2_valid", a->a2_valid);
        db_json_bool(j, "a3_valid", a->a3_valid);
        speed_or_null(j, "record_speed_low_x", o->speed_low_x);
        speed_or_null(j, "record_speed_high_x", o->speed_high_x);
    }
    db_json_end_object(j);
}

void db_info_write_json(db_json *j, const char *key, const db_info *o)
{
    db_json_begin_object(j, key);
    db_json_str(j, "device", o->device);
    str_or_null(j, "transport", o->transport);
    db_json_bool(j, "simulated", o->simulated);
    db_json_bool(j, "opened", o->opened);
    str_or_null(j, "open_error", o->opened ? NULL : o->open_error);
    str_or_null(j, "open_fix", o->opened ? NULL : o->open_fix);
    drive(j, o);
    error_scan(j, o);
    medium(j, o);
    atip(j, o);

    db_json_begin_object(j, "label_check");
    str_or_null(j, "user_label", o->label);
    str_or_null(j, "label_brand", o->label_brand);
    db_json_bool(j, "label_checked", o->label_checked);
    if (o->label_checked)
        db_json_bool(j, "label_matches", o->label_matches);
    else
        db_json_null(j, "label_matches");
    str_or_null(j, "label_verdict", o->label_verdict);
    db_json_end_object(j);

    db_json_begin_array(j, "can_test");
    for (int i = 0; i < DB_INFO_TESTS; i++) {
        if (!o->tests[i].name)
            continue;
        db_json_begin_object(j, NULL);
        db_json_str(j, "test_name", o->tests[i].name);
        db_json_bool(j, "test_possible", o->tests[i].can);
        str_or_null(j, "test_note", o->tests[i].why);
        db_json_end_object(j);
    }
    db_json_end_array(j);

    db_json_begin_object(j, "keys");
    str_or_null(j, "drive_key", o->drive_key);
    str_or_null(j, "media_key", o->media_key);
    db_json_end_object(j);
    db_json_end_object(j);
}
