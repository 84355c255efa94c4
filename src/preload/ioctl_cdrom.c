/* ioctl_cdrom.c - ioctl() on the node: the <linux/cdrom.h> requests and
 * the block-device queries, each turned into the CDBs the kernel's cdrom
 * and sr drivers would send (so each goes through the allowlist and the
 * log like any other), and CDROM_SEND_PACKET, which carries a program's
 * own CDB.  The CDB layouts follow MMC (T10) and the Linux drivers'
 * documented behaviour (drivers/cdrom/cdrom.c, drivers/scsi/sr_ioctl.c):
 * facts only, no code from them.  sg/SCSI requests go to ioctl_sg.c. */
#include "vdev.h"

#include <errno.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../drive/mmc.h"

/* Options of CDROM_SET_OPTIONS / CDROM_CLEAR_OPTIONS (a per-drive value
 * in the kernel, here per process).  Guarded by `lock`. */
static struct {
    pthread_mutex_t lock;
    int options;
} opts = { PTHREAD_MUTEX_INITIALIZER, CDO_AUTO_CLOSE | CDO_USE_FFLAGS | CDO_LOCK };

VDEV_EXPORT int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (!vdev_fd_is(fd))
        return VDEV_REAL(ioctl)(fd, request, arg);
    return vdev_ioctl(fd, request, arg);
}

static int fail(int e)
{
    errno = e;
    return -1;
}

/* Run a CDB the driver builds; 0 on GOOD, -1 with EIO on CHECK CONDITION.
 * r (optional) gets the reply. */
static int run(const uint8_t *cdb, size_t len, vdev_dir dir, void *buf, size_t buf_len, const char *via,
               vdev_reply *r)
{
    vdev_reply local;
    if (!r)
        r = &local;
    if (vdev_exec(cdb, len, dir, buf, buf_len, via, r))
        return -1;
    return r->check ? fail(EIO) : 0;
}

static int lba_of_msf(int m, int s, int f)
{
    return (m * 60 + s) * 75 + f - 150;
}

static void msf_of_lba(int lba, struct cdrom_msf0 *msf)
{
    lba += 150;
    msf->minute = (uint8_t)(lba / 4500);
    msf->second = (uint8_t)(lba / 75 % 60);
    msf->frame = (uint8_t)(lba % 75);
}

/* Put an address in the format asked for (CDROM_LBA / CDROM_MSF). */
static int set_addr(union cdrom_addr *a, int lba, uint8_t format)
{
    if (format == CDROM_LBA)
        a->lba = lba;
    else if (format == CDROM_MSF)
        msf_of_lba(lba, &a->msf);
    else
        return fail(EINVAL);
    return 0;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- TOC ---- */

static int toc_header(uint8_t *first, uint8_t *last, const char *via)
{
    uint8_t cdb[10] = { MMC_READ_TOC, 0, 0, 0, 0, 0, 0, 0, 12, 0 }, buf[12] = { 0 };
    vdev_reply r;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, via, &r))
        return -1;
    if (r.data_len < 4)
        return fail(EIO);
    *first = buf[2];
    *last = buf[3];
    return 0;
}

/* One TOC entry, as the sr driver reads it: READ TOC in MSF for that track. */
static int toc_entry(uint8_t track, uint8_t *adr_ctrl, int *lba, const char *via)
{
    uint8_t cdb[10] = { MMC_READ_TOC, 0x02, 0, 0, 0, 0, track, 0, 12, 0 }, buf[12] = { 0 };
    vdev_reply r;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, via, &r))
        return -1;
    if (r.data_len < 12)
        return fail(EIO);
    *adr_ctrl = buf[5];
    *lba = lba_of_msf(buf[9], buf[10], buf[11]);
    return 0;
}

static int read_tochdr(struct cdrom_tochdr *h)
{
    uint8_t first, last;
    if (toc_header(&first, &last, "CDROMREADTOCHDR"))
        return -1;
    h->cdth_trk0 = first;
    h->cdth_trk1 = last;
    return 0;
}

static int read_tocentry(struct cdrom_tocentry *e)
{
    uint8_t adr_ctrl;
    int lba;
    if (e->cdte_format != CDROM_LBA && e->cdte_format != CDROM_MSF)
        return fail(EINVAL);
    if (toc_entry(e->cdte_track, &adr_ctrl, &lba, "CDROMREADTOCENTRY"))
        return -1;
    e->cdte_adr = adr_ctrl >> 4;
    e->cdte_ctrl = adr_ctrl & 0x0F;
    e->cdte_datamode = (e->cdte_ctrl & CDROM_DATA_TRACK) ? 1 : 0;
    return set_addr(&e->cdte_addr, lba, e->cdte_format);
}

/* ---- drive and disc status ---- */

static int drive_status(const char *via)
{
    uint8_t cdb[6] = { MMC_TEST_UNIT_READY };
    vdev_reply r;
    if (vdev_exec(cdb, sizeof cdb, VDEV_DIR_NONE, NULL, 0, via, &r))
        return -1;
    if (!r.check)
        return CDS_DISC_OK;
    uint8_t key = r.sense[2] & 0x0F, asc = r.sense[12], ascq = r.sense[13];
    if (key == 0x02 && asc == 0x04 && ascq == 0x01)
        return CDS_DRIVE_NOT_READY;
    if (key == 0x02 && asc == 0x3A)
        return CDS_NO_DISC;
    return CDS_DISC_OK; /* e.g. a unit attention: the disc is there */
}

/* What the cdrom driver reports from counting the TOC's track kinds. */
static int disc_status(void)
{
    int st = drive_status("CDROM_DISC_STATUS");
    if (st != CDS_DISC_OK)
        return st;
    uint8_t first, last;
    if (toc_header(&first, &last, "CDROM_DISC_STATUS"))
        return CDS_NO_INFO;
    int audio = 0, data = 0;
    for (int t = first; t <= last; t++) {
        uint8_t adr_ctrl;
        int lba;
        if (toc_entry((uint8_t)t, &adr_ctrl, &lba, "CDROM_DISC_STATUS"))
            return CDS_NO_INFO;
        if (adr_ctrl & CDROM_DATA_TRACK)
            data++;
        else
            audio++;
    }
    if (audio && data)
        return CDS_MIXED;
    if (audio)
        return CDS_AUDIO;
    return data ? CDS_DATA_1 : CDS_NO_INFO;
}

/* What a CD reader (no writing: discbench's drives never write) answers. */
#define CAPABILITIES                                                                              \
    (CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED | CDC_MULTI_SESSION | CDC_MCN |  \
     CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO | CDC_RESET | CDC_DRIVE_STATUS | CDC_GENERIC_PACKET)

/* ---- reads ---- */

/* READ CD of n blocks at lba: expected sector type and field flags as the
 * cdrom driver picks them for the block size asked. */
static int read_cd(int lba, int n, uint8_t type, size_t block, void *buf, const char *via)
{
    uint8_t flags = block == CD_FRAMESIZE_RAW ? 0xF8 : block == CD_FRAMESIZE_RAW0 ? 0x58 : 0x10;
    uint8_t cdb[12] = { MMC_READ_CD, (uint8_t)(type << 2), (uint8_t)(lba >> 24), (uint8_t)(lba >> 16),
                        (uint8_t)(lba >> 8), (uint8_t)lba, (uint8_t)(n >> 16), (uint8_t)(n >> 8),
                        (uint8_t)n, flags, 0, 0 };
    vdev_reply r;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, (size_t)n * block, via, &r))
        return -1;
    return r.data_len < (size_t)n * block ? fail(EIO) : 0;
}

/* CDROMREADRAW / READMODE1 / READMODE2: the address comes in as a
 * struct cdrom_msf and the block goes back over it. */
static int read_block(void *arg, size_t block, uint8_t type, const char *via)
{
    const struct cdrom_msf *msf = arg;
    int lba = lba_of_msf(msf->cdmsf_min0, msf->cdmsf_sec0, msf->cdmsf_frame0);
    if (lba < 0)
        return fail(EINVAL);
    uint8_t buf[CD_FRAMESIZE_RAW];
    if (read_cd(lba, 1, type, block, buf, via))
        return -1;
    memcpy(arg, buf, block);
    return 0;
}

static int read_audio(struct cdrom_read_audio *ra)
{
    int lba;
    if (ra->addr_format == CDROM_MSF)
        lba = lba_of_msf(ra->addr.msf.minute, ra->addr.msf.second, ra->addr.msf.frame);
    else if (ra->addr_format == CDROM_LBA)
        lba = ra->addr.lba;
    else
        return fail(EINVAL);
    if (lba < 0 || ra->nframes <= 0 || ra->nframes > CD_FRAMES || !ra->buf)
        return fail(EINVAL);
    return read_cd(lba, ra->nframes, 1 /* CD-DA */, CD_FRAMESIZE_RAW, ra->buf, "CDROMREADAUDIO");
}

/* Start of the last session: READ TOC session info (format in the old
 * SFF-8020 place, byte 9, as the sr driver sends it). */
static int multisession(struct cdrom_multisession *ms)
{
    uint8_t cdb[10] = { MMC_READ_TOC, 0, 0, 0, 0, 0, 0, 0, 12, 0x40 }, buf[12] = { 0 };
    vdev_reply r;
    int lba = 0;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, "CDROMMULTISESSION", &r) == 0 &&
        r.data_len >= 12 && buf[6] > 1) /* first track of the last session, if not track 1 */
        lba = (int)be32(buf + 8);
    ms->xa_flag = lba > 0;
    return set_addr(&ms->addr, lba, ms->addr_format);
}

static int get_mcn(struct cdrom_mcn *mcn)
{
    /* READ SUB-CHANNEL, SubQ, format 02h (media catalogue number) */
    uint8_t cdb[10] = { 0x42, 0, 0x40, 0x02, 0, 0, 0, 0, 24, 0 }, buf[24] = { 0 };
    vdev_reply r;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, "CDROM_GET_MCN", &r))
        return -1;
    memset(mcn, 0, sizeof *mcn);
    if (r.data_len >= 22 && (buf[8] & 0x80))
        memcpy(mcn->medium_catalog_number, buf + 9, 13);
    return 0;
}

static int subchannel(struct cdrom_subchnl *sc)
{
    if (sc->cdsc_format != CDROM_LBA && sc->cdsc_format != CDROM_MSF)
        return fail(EINVAL);
    /* READ SUB-CHANNEL, MSF, SubQ, format 01h (current position) */
    uint8_t cdb[10] = { 0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 16, 0 }, buf[16] = { 0 };
    vdev_reply r;
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, "CDROMSUBCHNL", &r))
        return -1;
    if (r.data_len < 16)
        return fail(EIO);
    sc->cdsc_audiostatus = buf[1];
    sc->cdsc_adr = buf[5] >> 4;
    sc->cdsc_ctrl = buf[5] & 0x0F;
    sc->cdsc_trk = buf[6];
    sc->cdsc_ind = buf[7];
    if (set_addr(&sc->cdsc_absaddr, lba_of_msf(buf[9], buf[10], buf[11]), sc->cdsc_format))
        return -1;
    return set_addr(&sc->cdsc_reladdr, lba_of_msf(buf[13], buf[14], buf[15]) + 150, sc->cdsc_format);
}

/* ---- mechanics ---- */

static int start_stop(uint8_t byte4, const char *via)
{
    uint8_t cdb[6] = { MMC_START_STOP_UNIT, 0x01 /* IMMED */, 0, 0, byte4, 0 };
    return run(cdb, sizeof cdb, VDEV_DIR_NONE, NULL, 0, via, NULL);
}

/* CDROM_SELECT_SPEED: x speed (0 = fastest) -> SET CD SPEED in kB/s, with
 * the driver's 177 kB/s per x. */
static int select_speed(long x)
{
    if (x < 0 || x > 0xFFFF / 177)
        return fail(EINVAL);
    unsigned kbs = x ? (unsigned)x * 177u : 0xFFFFu;
    uint8_t cdb[12] = { MMC_SET_CD_SPEED, 0, (uint8_t)(kbs >> 8), (uint8_t)kbs, 0xFF, 0xFF };
    return run(cdb, sizeof cdb, VDEV_DIR_NONE, NULL, 0, "CDROM_SELECT_SPEED", NULL);
}

/* DVD_READ_STRUCT: READ DISC STRUCTURE.  A CD drive with a CD answers it
 * with an error, so only that outcome is decoded: a drive that answered
 * would need the DVD layouts, which nothing here models. */
static int dvd_read_struct(const dvd_struct *s)
{
    uint8_t layer = s->type == DVD_STRUCT_PHYSICAL ? s->physical.layer_num : 0;
    uint8_t cdb[12] = { 0xAD, 0, 0, 0, 0, 0, layer, s->type, 0x08, 0x04, 0, 0 };
    uint8_t buf[2052];
    if (run(cdb, sizeof cdb, VDEV_DIR_IN, buf, sizeof buf, "DVD_READ_STRUCT", NULL))
        return -1;
    vdev_log_note("DVD_READ_STRUCT answered by the drive: not decoded");
    return fail(EIO);
}

/* ---- CDROM_SEND_PACKET ---- */

/* The program's own CDB.  The kernel always sends the 12 bytes of
 * cgc->cmd; the drive reads as many as the opcode's group defines, so the
 * allowlist sees that many (vendor groups define none: all 12). */
static int send_packet(struct cdrom_generic_command *cgc)
{
    if (!cgc)
        return fail(EFAULT);
    size_t len = vdev_group_cdb_len(cgc->cmd[0]);
    if (len == 0 || len > CDROM_PACKET_SIZE)
        len = CDROM_PACKET_SIZE;
    vdev_dir dir;
    switch (cgc->data_direction) {
    case CGC_DATA_WRITE: dir = VDEV_DIR_OUT; break;
    case CGC_DATA_NONE: dir = VDEV_DIR_NONE; break;
    default: dir = cgc->buflen ? VDEV_DIR_IN : VDEV_DIR_NONE; break; /* READ, UNKNOWN */
    }
    if (dir == VDEV_DIR_IN && !cgc->buffer)
        return fail(EFAULT);
    vdev_reply r;
    if (vdev_exec(cgc->cmd, len, dir, dir == VDEV_DIR_IN ? cgc->buffer : NULL,
                  dir == VDEV_DIR_IN ? cgc->buflen : 0, "CDROM_SEND_PACKET", &r))
        return -1;
    cgc->stat = r.check ? 0x02 : 0; /* SCSI status: CHECK CONDITION */
    if (!r.check)
        return 0;
    if (cgc->sense) {
        memset(cgc->sense, 0, sizeof *cgc->sense);
        memcpy(cgc->sense, r.sense, sizeof r.sense);
    }
    return fail(EIO);
}

/* ---- dispatch ---- */

static int block_queries(unsigned long request, void *arg, bool *handled)
{
    *handled = request == BLKGETSIZE64 || request == BLKGETSIZE || request == BLKSSZGET ||
               request == BLKBSZGET || request == BLKROGET;
    if (*handled && !arg)
        return fail(EFAULT);
    switch (request) {
    case BLKGETSIZE64: {
        uint32_t cap = vdev_capacity_blocks();
        if (!cap)
            return fail(EIO);
        *(uint64_t *)arg = (uint64_t)cap * CD_DATA_BYTES;
        return 0;
    }
    case BLKGETSIZE: {
        uint32_t cap = vdev_capacity_blocks();
        if (!cap)
            return fail(EIO);
        *(unsigned long *)arg = (unsigned long)cap * (CD_DATA_BYTES / 512);
        return 0;
    }
    case BLKSSZGET:
        *(int *)arg = CD_DATA_BYTES;
        return 0;
    case BLKBSZGET:
        *(int *)arg = CD_DATA_BYTES;
        return 0;
    case BLKROGET:
        *(int *)arg = 1;
        return 0;
    default:
        return 0;
    }
}

int vdev_ioctl(int fd, unsigned long request, void *arg)
{
    (void)fd;
    switch (request) {
    case CDROM_SEND_PACKET: return send_packet(arg);
    case CDROMREADTOCHDR: return arg ? read_tochdr(arg) : fail(EFAULT);
    case CDROMREADTOCENTRY: return arg ? read_tocentry(arg) : fail(EFAULT);
    case CDROM_DRIVE_STATUS: return drive_status("CDROM_DRIVE_STATUS");
    case CDROM_DISC_STATUS: return disc_status();
    case CDROM_GET_CAPABILITY: return CAPABILITIES;
    case CDROM_MEDIA_CHANGED: return 0;
    case CDROM_CHANGER_NSLOTS: return 1;
    case CDROM_SELECT_SPEED: return select_speed((long)arg);
    case CDROMREADRAW: return arg ? read_block(arg, CD_FRAMESIZE_RAW, 0, "CDROMREADRAW") : fail(EFAULT);
    case CDROMREADMODE1: return arg ? read_block(arg, CD_FRAMESIZE, 2, "CDROMREADMODE1") : fail(EFAULT);
    case CDROMREADMODE2: return arg ? read_block(arg, CD_FRAMESIZE_RAW0, 0, "CDROMREADMODE2") : fail(EFAULT);
    case CDROMREADAUDIO: return arg ? read_audio(arg) : fail(EFAULT);
    case CDROMMULTISESSION: return arg ? multisession(arg) : fail(EFAULT);
    case CDROM_GET_MCN: return arg ? get_mcn(arg) : fail(EFAULT);
    case CDROMSUBCHNL: return arg ? subchannel(arg) : fail(EFAULT);
    case CDROM_LAST_WRITTEN: {
        uint8_t adr_ctrl;
        int lba;
        if (!arg)
            return fail(EFAULT);
        if (toc_entry(CDROM_LEADOUT, &adr_ctrl, &lba, "CDROM_LAST_WRITTEN"))
            return -1;
        *(long *)arg = lba;
        return 0;
    }
    case CDROMSTART: return start_stop(0x01, "CDROMSTART");
    case CDROMSTOP: return start_stop(0x00, "CDROMSTOP");
    /* These change the drive; their CDBs are off the allowlist and come
     * back refused, as the log shows. */
    case CDROMEJECT: return start_stop(0x02, "CDROMEJECT");
    case CDROMCLOSETRAY: return start_stop(0x03, "CDROMCLOSETRAY");
    case CDROM_LOCKDOOR: {
        uint8_t cdb[6] = { 0x1E, 0, 0, 0, (uint8_t)((long)arg ? 1 : 0), 0 };
        return run(cdb, sizeof cdb, VDEV_DIR_NONE, NULL, 0, "CDROM_LOCKDOOR", NULL);
    }
    case CDROM_SET_OPTIONS:
    case CDROM_CLEAR_OPTIONS: {
        pthread_mutex_lock(&opts.lock);
        if (request == CDROM_SET_OPTIONS)
            opts.options |= (int)(long)arg;
        else
            opts.options &= ~(int)(long)arg;
        int now = opts.options;
        pthread_mutex_unlock(&opts.lock);
        return now;
    }
    case CDROMRESET: return 0; /* nothing to reset in a virtual drive */
    case DVD_READ_STRUCT: return arg ? dvd_read_struct(arg) : fail(EFAULT);
    default: break;
    }
    bool handled;
    int rc = block_queries(request, arg, &handled);
    if (handled)
        return rc;
    rc = vdev_ioctl_sg(request, arg, &handled);
    if (handled)
        return rc;
    vdev_log_note("ioctl 0x%lx not answered (ENOTTY)", request);
    return fail(ENOTTY);
}
