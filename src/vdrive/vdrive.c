/* vdrive.c - open a virtual drive, plug it into a db_drive (transport and
 * clock), and run each command on its clock. */
#include "vdrive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drive/mmc.h"
#include "cmd.h"
#include "faultexec.h"
#include "identprofile.h"
#include "vdrive_int.h"

int vdrive_open(const vdrive_config *cfg, vdrive **out, db_error *err)
{
    *out = 0;
    if (!cfg || !cfg->drive_profile)
        return db_error_set(err, DB_EXIT_INPUT, "virtual drive: no drive profile given");
    vdrive *vd = calloc(1, sizeof *vd);
    if (!vd)
        return db_error_set(err, DB_EXIT_INPUT, "virtual drive: out of memory");
    vd->disc.fd = -1;
    if (vd_drive_profile_load(cfg->drive_profile, &vd->prof, err)) {
        free(vd);
        return -1;
    }
    /* the profile's [faults], then --fault's */
    vd->faults = vd->prof.faults;
    for (int i = 0; i < cfg->nfaults; i++)
        if (vd_fault_plan_parse(&vd->faults, cfg->faults[i], err)) {
            free(vd);
            return -1;
        }
    if (vd_disc_open(&vd->disc, cfg->disc, err)) {
        free(vd);
        return -1;
    }
    vd->seed = cfg->seed;
    vd->disc.em.seed = cfg->seed; /* the error model draws from the run's seed */
    vd->realtime = cfg->realtime;
    vd->has_disc = true;
    vd_caps_for(vd, MMC_SPEED_MAX_KBS, &vd->caps);
    vd_head_init(&vd->head);
    if (vd->realtime)
        vd->open_mono_ns = db_monotonic_ns();
    *out = vd;
    return 0;
}

void vdrive_free(vdrive *vd)
{
    if (!vd)
        return;
    vd_disc_close(&vd->disc);
    free(vd);
}

/* The drive's time base: virtual ns, or monotonic ns since open. */
static uint64_t vd_now(const vdrive *vd)
{
    return vd->realtime ? db_monotonic_ns() - vd->open_mono_ns : vd->vclock_ns;
}

static uint64_t vclock_now(void *ctx)
{
    return ((const vdrive *)ctx)->vclock_ns;
}

/* The host waits (a drive becoming ready): idle time on the drive. */
static void vclock_sleep(void *ctx, uint64_t ns)
{
    vdrive_idle_ns(ctx, ns);
}

static const struct db_clock_ops vclock_ops = { .now_ns = vclock_now, .sleep_ns = vclock_sleep };

static int vd_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir,
                   void *buf, size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    vdrive *vd = ctx;
    memset(res, 0, sizeof *res);
    if (dir != DB_DIR_READ) /* no data phase: nothing may be written to buf */
        buf_len = 0;
    uint64_t now = vd_now(vd);
    vd_reply r;
    /* The fault plan (faults.h) may answer in the drive's place (the model
     * itself never hangs: a timeout is always an injected one). */
    memset(&r, 0, sizeof r);
    if (!vd_faults_before(vd, now, cdb, cdb_len, timeout_ms, &r)) {
        vd_cmd_exec(vd, now, cdb, cdb_len, buf, buf_len, &r);
        vd_faults_after(vd, cdb, cdb_len, buf, buf_len, &r);
    }
    if (r.done_ns < now)
        r.done_ns = now;
    if (vd->realtime)
        db_sleep_until_ns(vd->open_mono_ns + r.done_ns);
    else
        vd->vclock_ns = r.done_ns;
    res->duration_ns = r.done_ns - now;
    if (r.no_answer) {
        res->status = DB_CMD_TRANSPORT;
        res->transport_msg = "no answer from the drive: the command timed out";
        return -1;
    }
    res->data_len = r.data_len;
    if (r.check) {
        res->status = DB_CMD_CHECK;
        vd_sense_fixed(&r.sense, res->sense.raw);
        res->sense.raw_len = 18;
        res->sense.key = r.sense.key;
        res->sense.asc = r.sense.asc;
        res->sense.ascq = r.sense.ascq;
        vd->last_sense = r.sense;
    } else {
        res->status = DB_CMD_GOOD;
        memset(&vd->last_sense, 0, sizeof vd->last_sense);
    }
    return 0;
}

static void vd_close(void *ctx)
{
    vdrive_free(ctx);
}

static const struct db_transport_ops vd_ops = { .name = "vdrive", .exec = vd_exec, .close = vd_close };

void vdrive_idle_ns(vdrive *vd, uint64_t ns)
{
    if (!vd->realtime)
        vd->vclock_ns += ns;
}

void vdrive_attach(vdrive *vd, const char *device_name, db_drive *out)
{
    memset(out, 0, sizeof *out);
    out->ops = &vd_ops;
    out->ctx = vd;
    if (vd->realtime) {
        out->clock = db_clock_monotonic();
    } else {
        out->clock.ops = &vclock_ops;
        out->clock.ctx = vd;
    }
    out->simulated = true;
    snprintf(out->device, sizeof out->device, "%s", device_name ? device_name : "sim:");
    snprintf(out->disc_label, sizeof out->disc_label, "%s", vd->disc.label);
    snprintf(out->link, sizeof out->link, "%s", vd_interface_word(vd->prof.interface));
}

const char *vdrive_strategy_name(vdrive_strategy s)
{
    switch (s) {
    case VD_CLV: return "CLV";
    case VD_ZCLV: return "Z-CLV";
    case VD_PCAV: return "P-CAV";
    case VD_CAV: return "CAV";
    }
    return "?";
}
