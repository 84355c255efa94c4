/* ioctl_sg.c - the SCSI generic interface of a block device node: SG_IO
 * (sg v3 header) and the queries tools send before it (SG_GET_VERSION_NUM,
 * SG_SET/GET_TIMEOUT, SG_GET/SET_RESERVED_SIZE, SG_EMULATED_HOST,
 * SCSI_IOCTL_GET_IDLUN, SCSI_IOCTL_GET_BUS_NUMBER) and the legacy
 * SCSI_IOCTL_SEND_COMMAND.  These are the requests the Linux block layer
 * answers for /dev/srN (the sg-only ones, such as SG_GET_SCSI_ID, it does
 * not); header fields as documented in <scsi/sg.h> and the sg v3 HOWTO. */
#include "vdev.h"

#include <errno.h>
#include <pthread.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

/* sg driver version 3.5.36, what current kernels report. */
#define SG_VERSION 30536
/* Largest transfer of one command (the block layer's max_hw_sectors for
 * an ATAPI drive, 512 KiB). */
#define MAX_TRANSFER_BYTES (512u * 1024u)
#define DRIVER_SENSE 0x08

/* SG_SET_TIMEOUT / SG_SET_RESERVED_SIZE values.  Guarded by `lock`. */
static struct {
    pthread_mutex_t lock;
    int timeout;       /* in USER_HZ ticks, as the ioctls speak */
    int reserved;
} sgs = { PTHREAD_MUTEX_INITIALIZER, 60 * 100, 32768 };

static int fail(int e)
{
    errno = e;
    return -1;
}

static vdev_dir dir_of(int sg_dir, unsigned len)
{
    switch (sg_dir) {
    case SG_DXFER_NONE: return VDEV_DIR_NONE;
    case SG_DXFER_TO_DEV: return VDEV_DIR_OUT;
    default: return len ? VDEV_DIR_IN : VDEV_DIR_NONE; /* FROM_DEV, TO_FROM_DEV, UNKNOWN */
    }
}

static int sg_io(sg_io_hdr_t *h)
{
    if (!h)
        return fail(EFAULT);
    if (h->interface_id != 'S')
        return fail(EINVAL);
    if (h->cmd_len == 0 || h->cmd_len > 16 || !h->cmdp)
        return fail(EINVAL);
    if (h->dxfer_len > MAX_TRANSFER_BYTES)
        return fail(EIO);
    vdev_dir dir = dir_of(h->dxfer_direction, h->dxfer_len);
    /* A scatter list is served through one buffer and copied out. */
    uint8_t *buf = h->dxferp;
    if (dir == VDEV_DIR_IN && h->iovec_count) {
        buf = malloc(h->dxfer_len);
        if (!buf)
            return fail(ENOMEM);
    }
    if (dir == VDEV_DIR_IN && !buf)
        return fail(EFAULT);
    vdev_reply r;
    if (vdev_exec(h->cmdp, h->cmd_len, dir, dir == VDEV_DIR_IN ? buf : NULL,
                  dir == VDEV_DIR_IN ? h->dxfer_len : 0, "SG_IO", &r)) {
        if (buf != h->dxferp)
            free(buf);
        return -1;
    }
    if (buf != h->dxferp) {
        const sg_iovec_t *iov = h->dxferp;
        size_t off = 0;
        for (unsigned i = 0; i < h->iovec_count && off < r.data_len; i++) {
            size_t k = iov[i].iov_len < r.data_len - off ? iov[i].iov_len : r.data_len - off;
            memcpy(iov[i].iov_base, buf + off, k);
            off += k;
        }
        free(buf);
    }
    h->status = r.check ? 0x02 : 0x00;  /* CHECK CONDITION */
    h->masked_status = (unsigned char)(h->status >> 1);
    h->msg_status = 0;
    h->host_status = 0;
    h->driver_status = r.check ? DRIVER_SENSE : 0;
    h->sb_len_wr = 0;
    if (r.check && h->sbp && h->mx_sb_len) {
        h->sb_len_wr = h->mx_sb_len < sizeof r.sense ? h->mx_sb_len : (unsigned char)sizeof r.sense;
        memcpy(h->sbp, r.sense, h->sb_len_wr);
    }
    h->resid = dir == VDEV_DIR_IN ? (int)(h->dxfer_len - r.data_len) : 0;
    h->duration = (unsigned)(r.duration_ns / 1000000u);
    h->info = r.check ? SG_INFO_CHECK : SG_INFO_OK;
    return 0;
}

/* The legacy interface: inlen / outlen, then the CDB (length by opcode
 * group, vendor groups 10 as the kernel's table has it) and the data. */
static int send_command(void *arg)
{
    if (!arg)
        return fail(EFAULT);
    unsigned int lens[2];
    memcpy(lens, arg, sizeof lens);
    uint8_t *data = (uint8_t *)arg + sizeof lens;
    size_t cdb_len = vdev_group_cdb_len(data[0]);
    if (cdb_len == 0)
        cdb_len = (data[0] >> 5) == 3 ? 12 : 10;
    if (lens[1] > MAX_TRANSFER_BYTES)
        return fail(EINVAL);
    uint8_t cdb[16];
    memcpy(cdb, data, cdb_len);
    vdev_dir dir = lens[0] ? VDEV_DIR_OUT : lens[1] ? VDEV_DIR_IN : VDEV_DIR_NONE;
    vdev_reply r;
    if (vdev_exec(cdb, cdb_len, dir, dir == VDEV_DIR_IN ? data : NULL, dir == VDEV_DIR_IN ? lens[1] : 0,
                  "SCSI_IOCTL_SEND_COMMAND", &r))
        return -1;
    if (!r.check)
        return 0;
    memcpy(data, r.sense, sizeof r.sense < 16 ? sizeof r.sense : 16); /* OMAX_SB_LEN */
    return 0x02; /* the SCSI status, as the kernel returns it */
}

int vdev_ioctl_sg(unsigned long request, void *arg, bool *handled)
{
    *handled = true;
    switch (request) {
    case SG_IO:
        return sg_io(arg);
    case SCSI_IOCTL_SEND_COMMAND:
        return send_command(arg);
    case SG_GET_TIMEOUT: {
        pthread_mutex_lock(&sgs.lock);
        int t = sgs.timeout;
        pthread_mutex_unlock(&sgs.lock);
        return t;
    }
    default:
        break;
    }
    if (request != SG_GET_VERSION_NUM && request != SG_SET_TIMEOUT &&
        request != SG_GET_RESERVED_SIZE && request != SG_SET_RESERVED_SIZE &&
        request != SG_EMULATED_HOST && request != SCSI_IOCTL_GET_IDLUN &&
        request != SCSI_IOCTL_GET_BUS_NUMBER) {
        *handled = false;
        return -1;
    }
    if (!arg)
        return fail(EFAULT);
    int *v = arg;
    switch (request) {
    case SG_GET_VERSION_NUM:
        *v = SG_VERSION;
        return 0;
    case SG_SET_TIMEOUT:
        if (*v < 0)
            return fail(EIO);
        pthread_mutex_lock(&sgs.lock);
        sgs.timeout = *v;
        pthread_mutex_unlock(&sgs.lock);
        return 0;
    case SG_GET_RESERVED_SIZE:
        pthread_mutex_lock(&sgs.lock);
        *v = sgs.reserved;
        pthread_mutex_unlock(&sgs.lock);
        return 0;
    case SG_SET_RESERVED_SIZE:
        if (*v < 0)
            return fail(EINVAL);
        pthread_mutex_lock(&sgs.lock);
        sgs.reserved = *v < (int)MAX_TRANSFER_BYTES ? *v : (int)MAX_TRANSFER_BYTES;
        pthread_mutex_unlock(&sgs.lock);
        return 0;
    case SG_EMULATED_HOST:
        *v = 1; /* the block layer always says so */
        return 0;
    case SCSI_IOCTL_GET_IDLUN: {
        /* exactly two ints: id | lun << 8 | channel << 16 | host << 24,
         * and a host-unique id */
        int idlun[2] = { VDEV_SCSI_HOST << 24, VDEV_SCSI_HOST + 1 };
        memcpy(arg, idlun, sizeof idlun);
        return 0;
    }
    case SCSI_IOCTL_GET_BUS_NUMBER:
        *v = VDEV_SCSI_HOST;
        return 0;
    default:
        *handled = false;
        return -1;
    }
}
