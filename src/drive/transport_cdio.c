/* transport_cdio.c - real drives, through libcdio: open and enumerate
 * devices, send CDBs with mmc_run_cmd_len, collect sense on failure.
 *
 * Opening says exactly what is wrong, because "cannot open" is where most
 * users get stuck: a missing node, a permission problem (and which group
 * fixes it), or a node that is not a CD drive at all. */
#include "drive.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/cdio.h>
#include <cdio/mmc.h>

#include "mmc.h"

/* When the caller passes 0: long enough for a drive that has to spin up. */
#define CDIO_DEFAULT_TIMEOUT_MS 10000u

static int cdio_exec(void *ctx, const uint8_t *cdb, size_t cdb_len, db_dir dir, void *buf,
                     size_t buf_len, unsigned timeout_ms, db_cmd_result *res)
{
    CdIo_t *p = ctx;
    /* libcdio's CDB holds 12 bytes and its length is an unsigned int. */
    if (cdb_len > MAX_CDB_LEN || buf_len > UINT_MAX) {
        res->status = DB_CMD_TRANSPORT;
        return -1;
    }
    mmc_cdb_t c;
    memset(&c, 0, sizeof c);
    memcpy(c.field, cdb, cdb_len);
    cdio_mmc_direction_t mdir = dir == DB_DIR_READ ? SCSI_MMC_DATA_READ : SCSI_MMC_DATA_NONE;
    driver_return_code_t rc =
        mmc_run_cmd_len(p, timeout_ms ? timeout_ms : CDIO_DEFAULT_TIMEOUT_MS, &c,
                        (unsigned)cdb_len, mdir, (unsigned)buf_len, buf);
    if (rc == DRIVER_OP_SUCCESS) {
        res->status = DB_CMD_GOOD;
        /* libcdio does not report the residual count: the whole buffer is
         * what we have.  Parsers rely on the responses' own length fields
         * and callers zero buffers first. */
        res->data_len = buf_len;
        return 0;
    }
    cdio_mmc_request_sense_t *sense = NULL;
    int n = mmc_last_cmd_sense(p, &sense);
    int out = -1;
    res->status = DB_CMD_TRANSPORT;
    if (n > 0 && sense && db_mmc_parse_sense((const uint8_t *)sense, (size_t)n, &res->sense) == 0) {
        res->status = DB_CMD_CHECK;
        out = 0;
    }
    cdio_free(sense);
    return out;
}

static void cdio_close(void *ctx)
{
    if (ctx)
        cdio_destroy((CdIo_t *)ctx);
}

static const struct db_transport_ops cdio_ops = {
    .name = "libcdio",
    .exec = cdio_exec,
    .close = cdio_close,
};

/* The fix for "permission denied" on a device node is nearly always group
 * membership: name the group that owns the node. */
static int permission_error(const char *path, const struct stat *st, db_error *err)
{
    struct group gr, *found = NULL;
    char grbuf[4096];
    if (getgrgid_r(st->st_gid, &gr, grbuf, sizeof grbuf, &found) != 0)
        found = NULL;
    if (found && st->st_gid != 0 && (st->st_mode & S_IRGRP))
        return db_error_set(err, DB_EXIT_DEVICE,
                            "no permission to open %s: add yourself to group '%s' "
                            "(owner of the node), then log in again",
                            path, found->gr_name);
    return db_error_set(err, DB_EXIT_DEVICE,
                        "no permission to open %s (mode %04o, uid %u, gid %u): "
                        "ask an administrator for read access to it",
                        path, (unsigned)(st->st_mode & 07777), (unsigned)st->st_uid,
                        (unsigned)st->st_gid);
}

/* libcdio's Linux driver opens any character device (even /dev/null);
 * only an answer to INQUIRY, from a CD/DVD device (type 5), shows there is
 * an MMC drive behind it. */
static int probe_drive(db_drive *d, const char *path, db_error *err)
{
    uint8_t cdb[DB_CDB_MAX], buf[96];
    db_cmd_result res;
    size_t n = db_mmc_cdb_inquiry(cdb, sizeof buf);
    int rc = -1;
    /* SPC exempts INQUIRY from unit attentions, but not every firmware
     * does: one retry after a reset report. */
    for (int attempt = 0; attempt < 2 && rc != 0; attempt++) {
        memset(buf, 0, sizeof buf);
        rc = db_drive_exec(d, cdb, n, DB_DIR_READ, buf, sizeof buf, 0, &res);
        if (rc != 0 && !(res.status == DB_CMD_CHECK && res.sense.key == 0x6))
            break;
    }
    if (rc != 0) {
        if (res.status != DB_CMD_CHECK)
            return db_error_set(err, DB_EXIT_DEVICE,
                                "%s is not a CD drive libcdio can open (no answer to INQUIRY)",
                                path);
        char why[160];
        db_result_describe(&res, why, sizeof why);
        return db_error_set(err, DB_EXIT_DEVICE,
                            "%s is not a CD drive libcdio can open (INQUIRY failed: %s)", path, why);
    }
    mmc_inquiry inq;
    if (db_mmc_parse_inquiry(buf, res.data_len, &inq) != 0)
        return db_error_set(err, DB_EXIT_DEVICE,
                            "%s is not a CD drive libcdio can open (malformed INQUIRY data)", path);
    if (inq.peripheral_type != 0x05)
        return db_error_set(err, DB_EXIT_DEVICE,
                            "%s is not a CD drive (INQUIRY device type %u; CD/DVD drives are 5)",
                            path, (unsigned)inq.peripheral_type);
    return 0;
}

/* A node served by the virtual-device preload library (libdiscbench-vdev.so,
 * README "Virtual device node") leads to the virtual drive through libcdio,
 * exactly like a real drive.  The library says so itself: it exports
 * discbench_vdev_describe(), which dlsym finds only when the library is
 * loaded in this process.  Results from its node are labelled simulated,
 * like sim: ones, and name the disc the virtual drive holds. */
static void mark_virtual_node(db_drive *d, const char *path)
{
    typedef int (*describe_fn)(const char *path, char *disc_label, size_t len);
    void *sym = dlsym(RTLD_DEFAULT, "discbench_vdev_describe");
    describe_fn describe;
    memcpy(&describe, &sym, sizeof describe); /* POSIX: a dlsym result may be a function */
    if (describe && describe(path, d->disc_label, sizeof d->disc_label) == 1)
        d->simulated = true;
}

int db_cdio_open(const char *path, db_drive *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (!path || !*path)
        return db_error_set(err, DB_EXIT_DEVICE, "no device given");

    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == EACCES)
            return db_error_set(err, DB_EXIT_DEVICE,
                                "no permission to open %s: a directory on its path is not "
                                "searchable",
                                path);
        return db_error_set(err, DB_EXIT_DEVICE, "cannot open %s: %s", path, strerror(errno));
    }
    /* libcdio opens read-only; check with our effective ids, as open does. */
    if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0 && (errno == EACCES || errno == EPERM))
        return permission_error(path, &st, err);
    if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode))
        return db_error_set(err, DB_EXIT_DEVICE,
                            "%s is not a CD drive libcdio can open (not a device node)", path);

    CdIo_t *p = cdio_open(path, DRIVER_DEVICE);
    if (!p)
        return db_error_set(err, DB_EXIT_DEVICE, "%s is not a CD drive libcdio can open", path);

    out->ops = &cdio_ops;
    out->ctx = p;
    out->clock = db_clock_monotonic();
    out->simulated = false;
    snprintf(out->device, sizeof out->device, "%s", path);

    if (probe_drive(out, path, err) != 0) {
        db_drive_close(out);
        memset(out, 0, sizeof *out);
        return -1;
    }
    mark_virtual_node(out, path);
    return 0;
}

char **db_cdio_list(void)
{
    char **found = cdio_get_devices(DRIVER_DEVICE);
    size_t n = 0;
    while (found && found[n])
        n++;
    char **list = calloc(n + 1, sizeof *list);
    if (list) {
        for (size_t i = 0; i < n; i++) {
            list[i] = strdup(found[i]);
            if (!list[i]) {
                db_cdio_free_list(list);
                list = NULL;
                break;
            }
        }
    }
    if (found)
        cdio_free_device_list(found);
    return list;
}

void db_cdio_free_list(char **list)
{
    if (!list)
        return;
    for (char **p = list; *p; p++)
        free(*p);
    free(list);
}
