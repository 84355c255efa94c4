/* device.c - turn -d/--disc into an open db_drive: a real drive through
 * libcdio, or the virtual drive (sim:NAME / sim:PATH). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../drive/trace.h"
#include "../util/datadir.h"
#include "../vdrive/faults.h"
#include "../vdrive/vdrive.h"
#include "cli.h"

static int open_sim(const char *spec, const db_device_opts *o, db_drive *out, db_error *err)
{
    const char *name = spec + 4;
    if (!*name)
        return db_error_set(err, DB_EXIT_USAGE, "-d sim: needs a drive profile name, e.g. %s",
                            DB_DEFAULT_SIM);
    char path[4096];
    if (db_find_profile("drives", name, path, sizeof path)) {
        char where[2048];
        if (db_data_dir(where, sizeof where))
            return db_error_set(err, DB_EXIT_INPUT, "no drive profile '%s': no profiles "
                                "directory found (looked in %s; set DISCBENCH_DATA)", name, where);
        return db_error_set(err, DB_EXIT_INPUT,
                            "no drive profile '%s' (looked in %s/profiles/drives; "
                            "'discbench devices' lists them)", name, where);
    }
    char disc_path[4096], disc_name[4096];
    const char *disc = o->disc;
    /* "NAME:write=X" (burn speed for the error model): look NAME up, pass
     * the option on to the virtual drive. */
    const char *write_opt = disc ? strstr(disc, ":write=") : NULL;
    if (write_opt && strncmp(disc, "synthetic:", 10) && (size_t)(write_opt - disc) < sizeof disc_name) {
        snprintf(disc_name, sizeof disc_name, "%.*s", (int)(write_opt - disc), disc);
        if (!db_find_profile("media", disc_name, disc_path, sizeof disc_path) &&
            strlen(disc_path) + strlen(write_opt) < sizeof disc_path) {
            strcat(disc_path, write_opt);
            disc = disc_path;
        }
    }
    bool looked_up = disc && disc == disc_path;
    /* A bare media profile name (no '/', no image suffix) is looked up in profiles/media. */
    if (!looked_up && disc && strncmp(disc, "synthetic:", 10) && !db_find_profile("media", disc, disc_path, sizeof disc_path))
        disc = disc_path;
    else if (!looked_up && disc && strncmp(disc, "synthetic:", 10) && access(disc, F_OK)) {
        char where[2048];
        if (db_data_dir(where, sizeof where))
            return db_error_set(err, DB_EXIT_INPUT, "--disc '%s': no such disc image file, and "
                                "no profiles directory found (looked in %s; set DISCBENCH_DATA)",
                                disc, where);
        return db_error_set(err, DB_EXIT_INPUT,
                            "--disc '%s': no media profile of that name (in %s/profiles/media) "
                            "and no such disc image file", disc, where);
    }
    vdrive_config cfg = { .drive_profile = path, .disc = disc, .seed = o->seed,
                          .realtime = o->realtime, .faults = o->faults, .nfaults = o->nfaults };
    vdrive *vd;
    if (vdrive_open(&cfg, &vd, err))
        return -1;
    vdrive_attach(vd, spec, out);
    return 0;
}

static int open_any(const db_device_opts *o, db_drive *out, char *note, size_t note_len,
                    db_error *err);

int db_cli_add_fault(db_device_opts *o, const char *spec, db_error *err)
{
    if (o->nfaults >= DB_FAULT_OPTS_MAX)
        return db_error_set(err, DB_EXIT_USAGE, "--fault given more than %d times", DB_FAULT_OPTS_MAX);
    vd_fault_plan check = { .n = 0 }; /* the virtual drive parses it again when it opens */
    if (vd_fault_plan_parse(&check, spec, err))
        return -1;
    o->faults[o->nfaults++] = spec;
    return 0;
}

int db_cli_open_drive(const db_device_opts *o, db_drive *out, char *note, size_t note_len,
                      db_error *err)
{
    if (open_any(o, out, note, note_len, err))
        return -1;
    if (o->trace && db_trace_record(out, o->trace, o->trace_no_data, o->command_line, err)) {
        db_drive_close(out);
        return -1;
    }
    return 0;
}

static int open_any(const db_device_opts *o, db_drive *out, char *note, size_t note_len,
                    db_error *err)
{
    note[0] = '\0';
    memset(out, 0, sizeof *out);
    const char *dev = o->device;
    if (!dev) {
        char **list = db_cdio_list();
        if (list && list[0]) {
            snprintf(note, note_len, "no -d given: using the first drive found, %s", list[0]);
            int rc = o->disc ? db_error_set(err, DB_EXIT_USAGE,
                                            "--disc is for the virtual drive (sim:...) only; "
                                            "a real drive (%s) reads the disc it holds", list[0])
                     : o->nfaults ? db_error_set(err, DB_EXIT_USAGE, "--fault is for the virtual drive "
                                                 "(sim:...) only; give -d sim:NAME")
                                  : db_cdio_open(list[0], out, err);
            db_cdio_free_list(list);
            return rc;
        }
        db_cdio_free_list(list);
        dev = DB_DEFAULT_SIM;
        snprintf(note, note_len, "no optical drive found: using the virtual drive %s (results are simulated)",
                 dev);
    }
    if (!strncmp(dev, "sim:", 4))
        return open_sim(dev, o, out, err);
    if (o->nfaults)
        return db_error_set(err, DB_EXIT_USAGE, "--fault is for the virtual drive (sim:...) only");
    if (!strncmp(dev, "replay:", 7)) {
        if (o->disc || o->realtime)
            return db_error_set(err, DB_EXIT_USAGE,
                                "--disc and --realtime are for the virtual drive; a replay answers "
                                "from its recording");
        return db_trace_replay_open(dev + 7, out, err);
    }
    if (o->disc)
        return db_error_set(err, DB_EXIT_USAGE,
                            "--disc is for the virtual drive (sim:...) only; %s reads the disc it holds", dev);
    if (o->realtime)
        return db_error_set(err, DB_EXIT_USAGE, "--realtime is for the virtual drive (sim:...) only");
    return db_cdio_open(dev, out, err);
}
