/* identity.c - drive and disc identity shared by every test module. */
#include "bench.h"

#include <stdio.h>
#include <string.h>

#include "../drive/retry.h"

int db_identity_read(db_drive *d, db_identity *out, db_error *err)
{
    return db_identity_read_logged(d, NULL, out, err);
}

int db_identity_read_logged(db_drive *d, db_fault_log *log, db_identity *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (db_mmc_inquiry(d, &out->inquiry, err))
        return -1;
    /* A drive still spinning up answers NOT READY / becoming ready: the
     * retry policy waits for it before calling the disc absent. */
    db_cmd_result res;
    db_retry rt = { 0 };
    int ready;
    do
        ready = db_mmc_test_unit_ready(d, &res);
    while (db_retry_step(d, &rt, log, "TEST UNIT READY", UINT32_MAX, ready, &res, 0));
    if (ready) {
        char why[160];
        db_result_describe(&res, why, sizeof why);
        return db_error_set(err, DB_EXIT_DEVICE, "%s: drive not ready: %s", d->device, why);
    }
    if (db_mmc_read_toc(d, &out->toc, err))
        return -1;
    out->have_toc = true;
    out->disc_sectors = out->toc.leadout_lba;
    for (int i = 0; i < out->toc.count; i++) {
        if (db_mmc_track_is_data(&out->toc.tracks[i]))
            out->data_tracks++;
        else
            out->audio_tracks++;
    }
    return 0;
}

/* The first run of consecutive tracks whose data bit is `data`. */
static int track_run(const db_identity *id, bool data, uint32_t *lba_start, uint32_t *lba_end)
{
    const mmc_toc *t = &id->toc;
    int first = -1;
    for (int i = 0; i < t->count; i++)
        if (db_mmc_track_is_data(&t->tracks[i]) == data) {
            first = i;
            break;
        }
    if (first < 0)
        return -1;
    int last = first;
    while (last + 1 < t->count && db_mmc_track_is_data(&t->tracks[last + 1]) == data)
        last++;
    *lba_start = t->tracks[first].lba;
    *lba_end = last + 1 < t->count ? t->tracks[last + 1].lba : t->leadout_lba;
    return *lba_end > *lba_start ? 0 : -1;
}

int db_identity_data_range(const db_identity *id, uint32_t *lba_start, uint32_t *lba_end)
{
    return track_run(id, true, lba_start, lba_end);
}

int db_identity_audio_range(const db_identity *id, uint32_t *lba_start, uint32_t *lba_end)
{
    return track_run(id, false, lba_start, lba_end);
}

void db_identity_drive_name(const db_identity *id, char *out, size_t out_len)
{
    snprintf(out, out_len, "%s %s %s", id->inquiry.vendor, id->inquiry.product,
             id->inquiry.revision);
}
