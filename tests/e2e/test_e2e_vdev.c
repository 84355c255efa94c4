/* End to end through the virtual device node (src/preload,
 * libdiscbench-vdev.so under LD_PRELOAD): discbench's real-drive path
 * (libcdio's Linux driver) and tools no one here wrote - cd-info,
 * cd-paranoia, readom, qscan - run against the same virtual drive, and
 * what they report is checked against the virtual drive's ground truth and
 * against discbench's in-process sim: run.  The node's CDB log proves the
 * read-only allowlist holds on this path too.
 *
 * Guarded parts (skipped, with the reason printed, until they exist):
 * discbench info, c2scan and quality on the node; the external tools when
 * they are not installed (scripts/deps.sh installs them). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cdrom.h>
#include <math.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "testutil.h"
#include "drive/mmc.h"
#include "vdrive/disc.h"
#include "vdrive/vdrive.h"

#define DRIVE "liteon-ltr40125s"

/* ---- a node: a directory holding the node path, its log and discs ---- */

typedef struct node {
    char *dir;
    char path[4096], log[4096];
    const char *drive;  /* profile name */
    char disc[4096];    /* as --disc */
} node;

static const char *preload(void)
{
    return getenv("DISCBENCH_VDEV_PRELOAD");
}

static void node_init(node *n, const char *tag, const char *disc)
{
    if (!preload())
        skip(); /* run by ctest, which names the library */
    memset(n, 0, sizeof *n);
    n->dir = tu_tmpdir(tag);
    assert_non_null(n->dir);
    snprintf(n->path, sizeof n->path, "%s/vcd0", n->dir);
    snprintf(n->log, sizeof n->log, "%s/cdb.log", n->dir);
    n->drive = DRIVE;
    snprintf(n->disc, sizeof n->disc, "%s", disc ? disc : "");
}

static void node_done(node *n)
{
    tu_rmrf(n->dir);
    free(n->dir);
}

/* A media profile written into the node's directory; returns its path. */
static const char *write_disc(node *n, const char *name, const char *text)
{
    snprintf(n->disc, sizeof n->disc, "%s/%s.profile", n->dir, name);
    FILE *f = fopen(n->disc, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return n->disc;
}

/* An 11-minute pressed mixed-mode disc: data track 1 (5:30), audio tracks
 * 2 (5:00) and 3 (0:30). */
static const char mixed_disc[] = "[disc]\ntype = pressed\ncontent = mixed\ncapacity_sectors = 49500\n"
                                 "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.6\ninner_radius_mm = 25.0\n";
/* A 5-minute audio CD-R with C2 errors and no uncorrectable ones. */
static const char c2_disc[] = "[disc]\ntype = CD-R\ncontent = audio\ncapacity_sectors = 22500\n"
                              "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.5\ninner_radius_mm = 25.0\n"
                              "\n[atip]\nlead_in = 97:26:66\nmanufacturer = \"CMC Magnetics\"\n"
                              "\n[errors]\nrates = 4 30 0.5 6 0 0\n";

/* Run argv (external: a tool other than discbench) with the node's
 * environment, then restore ours.  In the sanitizer build, the other tools
 * would report their own leaks, not ours: leak checking is off for them;
 * for discbench it stays on, except for libcdio's own (its Linux driver
 * leaks the command name it logs when a command fails: mmc_cmd2str). */
static int run_on_node(const node *n, bool external, char **out, char **err, const char *const *argv)
{
    const char *old_asan = getenv("ASAN_OPTIONS");
    char *saved = old_asan ? strdup(old_asan) : NULL;
    char supp[4200], lsan[4300];
    snprintf(supp, sizeof supp, "%s/lsan.supp", n->dir);
    FILE *f = fopen(supp, "w");
    assert_non_null(f);
    fputs("leak:libcdio.so\n", f);
    fclose(f);
    snprintf(lsan, sizeof lsan, "suppressions=%s", supp);
    setenv("LSAN_OPTIONS", lsan, 1);
    setenv("DISCBENCH_VDEV", n->path, 1);
    setenv("DISCBENCH_VDEV_DRIVE", n->drive, 1);
    if (n->disc[0])
        setenv("DISCBENCH_VDEV_DISC", n->disc, 1);
    setenv("DISCBENCH_VDEV_SEED", "1", 1);
    setenv("DISCBENCH_VDEV_LOG", n->log, 1);
    setenv("LD_PRELOAD", preload(), 1);
    if (external) {
        char opts[1024];
        snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", saved ? saved : "", saved ? ":" : "");
        setenv("ASAN_OPTIONS", opts, 1);
    }
    int rc = tu_run(out, err, argv);
    unsetenv("LD_PRELOAD");
    unsetenv("DISCBENCH_VDEV");
    unsetenv("DISCBENCH_VDEV_DRIVE");
    unsetenv("DISCBENCH_VDEV_DISC");
    unsetenv("DISCBENCH_VDEV_SEED");
    unsetenv("DISCBENCH_VDEV_LOG");
    unsetenv("LSAN_OPTIONS");
    if (saved)
        setenv("ASAN_OPTIONS", saved, 1);
    else
        unsetenv("ASAN_OPTIONS");
    free(saved);
    return rc;
}

static const char *discbench_bin(void)
{
    const char *b = getenv("DISCBENCH_BIN");
    return b ? b : "discbench";
}

static bool have_command(const char *cmd)
{
    const char *args[] = { cmd, "--help", NULL };
    return tu_run_discbench(NULL, NULL, args) == 0;
}

/* ---- ground truth ---- */

static vdrive *open_truth(const char *drive, const char *disc)
{
    char *path = tu_profile("drives", drive);
    vdrive_config cfg = { .drive_profile = path, .disc = disc && *disc ? disc : NULL, .seed = 1 };
    vdrive *vd = NULL;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("vdrive_open %s / %s: %s", drive, disc ? disc : "-", err.msg);
    free(path);
    return vd;
}

/* ---- the node's CDB log ---- */

typedef struct log_cdb {
    char via[32], status[16];
    uint8_t cdb[16];
    size_t len;
    int dir; /* 0 none, 1 in, 2 out */
} log_cdb;

static size_t load_log(const char *path, log_cdb **out)
{
    char *text = tu_read_file(path, NULL);
    *out = NULL;
    if (!text)
        return 0;
    size_t n = 0, cap = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "cdb ", 4))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            *out = realloc(*out, cap * sizeof **out);
        }
        log_cdb *c = &(*out)[n];
        memset(c, 0, sizeof *c);
        char hex[64] = "", dir[8] = "";
        if (sscanf(strstr(line, "via="), "via=%31s cdb=%63s dir=%7s", c->via, hex, dir) != 3)
            fail_msg("malformed log line: %s", line);
        sscanf(strstr(line, "status="), "status=%15s", c->status);
        c->len = strlen(hex) / 2;
        for (size_t i = 0; i < c->len && i < 16; i++)
            sscanf(hex + 2 * i, "%2hhx", &c->cdb[i]);
        c->dir = !strcmp(dir, "in") ? 1 : !strcmp(dir, "out") ? 2 : 0;
        n++;
    }
    free(text);
    return n;
}

/* Every CDB the node let through is on the allowlist, and every CDB it
 * refused is one the allowlist (or the missing data-out direction)
 * refuses.  Returns how many were refused. */
static size_t check_log_allowlist(const char *path, size_t *total)
{
    log_cdb *cdbs;
    size_t n = load_log(path, &cdbs), refused = 0;
    for (size_t i = 0; i < n; i++) {
        char why[200];
        bool ok = cdbs[i].dir != 2 &&
                  db_allowlist_permits(cdbs[i].cdb, cdbs[i].len, cdbs[i].dir ? DB_DIR_READ : DB_DIR_NONE,
                                       why, sizeof why);
        bool was_refused = !strcmp(cdbs[i].status, "refused");
        if (ok == was_refused)
            fail_msg("log line %zu (opcode 0x%02X via %s): node said %s, allowlist says %s", i,
                     cdbs[i].cdb[0], cdbs[i].via, cdbs[i].status, ok ? "allowed" : why);
        refused += was_refused;
    }
    free(cdbs);
    if (total)
        *total = n;
    return refused;
}

static bool log_has_refused(const char *path, uint8_t opcode)
{
    log_cdb *cdbs;
    size_t n = load_log(path, &cdbs);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        found = cdbs[i].cdb[0] == opcode && !strcmp(cdbs[i].status, "refused");
    free(cdbs);
    return found;
}

/* ---- the library seen from a program: this test binary, re-run under
 * the preload with --probe NODE (main below) ---- */

static int probe_failures;

static void probe_check(bool ok, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("probe: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    probe_failures++;
}

static bool same_as_pattern(const uint8_t *p, uint32_t lba, size_t off, size_t len)
{
    uint8_t want[2048];
    vd_pattern_data(lba, want);
    return !memcmp(p, want + off, len);
}

static int sg(int fd, const uint8_t *cdb, size_t cdb_len, int dir, void *buf, unsigned len, uint8_t *sense,
              sg_io_hdr_t *h)
{
    memset(h, 0, sizeof *h);
    h->interface_id = 'S';
    h->dxfer_direction = dir;
    h->cmd_len = (unsigned char)cdb_len;
    h->cmdp = (unsigned char *)cdb;
    h->dxferp = buf;
    h->dxfer_len = len;
    h->sbp = sense;
    h->mx_sb_len = 32;
    h->timeout = 10000;
    return ioctl(fd, SG_IO, h);
}

static uint64_t ns_of(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

/* Synthetic 5-minute data disc (22,500 sectors) on the default drive. */
static int probe(const char *path)
{
    const off_t end = 22500 * (off_t)2048;
    struct stat st;
    probe_check(stat(path, &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == 11,
                "stat: not a block device of major 11");
    probe_check(lstat(path, &st) == 0 && S_ISBLK(st.st_mode), "lstat: not a block device");
    char rp[PATH_MAX], twisted[PATH_MAX + 8];
    snprintf(twisted, sizeof twisted, "%s/../%s", path, strrchr(path, '/') + 1);
    probe_check(realpath(twisted, rp) && !strcmp(rp, path), "realpath: %s", rp);
    probe_check(stat(twisted, &st) == 0 && S_ISBLK(st.st_mode), "stat of %s", twisted);
    probe_check(access(path, R_OK | W_OK) == 0, "access R_OK|W_OK");
    errno = 0;
    probe_check(open(path, O_RDWR) < 0 && errno == EROFS, "open O_RDWR without O_NONBLOCK: not EROFS");

    int fd = open(path, O_RDONLY | O_NONBLOCK);
    probe_check(fd >= 0, "open: %s", strerror(errno));
    probe_check(fstat(fd, &st) == 0 && S_ISBLK(st.st_mode) && minor(st.st_rdev) != 0, "fstat");
    probe_check(lseek(fd, 0, SEEK_END) == end, "lseek SEEK_END: not the disc's size");

    /* Mode 1 data the way libcdio reads it: lseek + read */
    uint8_t buf[3 * 2048];
    probe_check(lseek(fd, 16 * 2048, SEEK_SET) == 16 * 2048, "lseek");
    probe_check(read(fd, buf, 2048) == 2048 && same_as_pattern(buf, 16, 0, 2048), "read of LBA 16");
    probe_check(pread(fd, buf, 3000, 100 * 2048 + 1000) == 3000 && same_as_pattern(buf, 100, 1000, 1048) &&
                    same_as_pattern(buf + 1048, 101, 0, 1952),
                "unaligned pread across two sectors");
    probe_check(pread(fd, buf, 4096, end - 2048) == 2048, "pread past the end: not short");
    probe_check(pread(fd, buf, 16, end) == 0, "pread at the end: not EOF");

    /* dup'd descriptors share the position; closing one keeps the other */
    lseek(fd, 200 * 2048, SEEK_SET);
    int fd2 = dup(fd);
    probe_check(fd2 >= 0 && read(fd2, buf, 2048) == 2048 && same_as_pattern(buf, 200, 0, 2048), "dup read");
    probe_check(read(fd, buf, 2048) == 2048 && same_as_pattern(buf, 201, 0, 2048), "shared position");
    close(fd);
    probe_check(read(fd2, buf, 2048) == 2048 && same_as_pattern(buf, 202, 0, 2048), "dup after close");
    int fd3 = fcntl(fd2, F_DUPFD_CLOEXEC, 50);
    probe_check(fd3 >= 50 && fstat(fd3, &st) == 0 && S_ISBLK(st.st_mode), "F_DUPFD_CLOEXEC");
    probe_check(dup2(fd2, 40) == 40 && fstat(40, &st) == 0 && S_ISBLK(st.st_mode), "dup2");
    close(40);
    int plain = open("/dev/null", O_RDONLY);
    probe_check(plain >= 0 && fstat(plain, &st) == 0 && S_ISCHR(st.st_mode),
                "a fresh fd after close is not the node");
    close(plain);

    /* cdrom.h */
    struct cdrom_tochdr h;
    probe_check(ioctl(fd2, CDROMREADTOCHDR, &h) == 0 && h.cdth_trk0 == 1 && h.cdth_trk1 == 1,
                "CDROMREADTOCHDR");
    struct cdrom_tocentry e = { .cdte_track = CDROM_LEADOUT, .cdte_format = CDROM_LBA };
    probe_check(ioctl(fd2, CDROMREADTOCENTRY, &e) == 0 && e.cdte_addr.lba == 22500, "CDROMREADTOCENTRY");
    struct cdrom_tocentry e1 = { .cdte_track = 1, .cdte_format = CDROM_MSF };
    probe_check(ioctl(fd2, CDROMREADTOCENTRY, &e1) == 0 && e1.cdte_addr.msf.second == 2 &&
                    (e1.cdte_ctrl & CDROM_DATA_TRACK),
                "CDROMREADTOCENTRY track 1 in MSF");
    probe_check(ioctl(fd2, CDROM_DISC_STATUS) == CDS_DATA_1, "CDROM_DISC_STATUS");
    probe_check(ioctl(fd2, CDROM_DRIVE_STATUS, CDSL_CURRENT) == CDS_DISC_OK, "CDROM_DRIVE_STATUS");
    struct cdrom_msf msf = { .cdmsf_min0 = 0, .cdmsf_sec0 = 2, .cdmsf_frame0 = 16 }; /* LBA 16 */
    uint8_t raw[CD_FRAMESIZE_RAW];
    memcpy(raw, &msf, sizeof msf);
    probe_check(ioctl(fd2, CDROMREADMODE1, raw) == 0 && same_as_pattern(raw, 16, 0, 2048), "CDROMREADMODE1");

    /* CDROM_SEND_PACKET: READ(10) of LBA 300 in the 12-byte packet */
    struct cdrom_generic_command cgc;
    struct request_sense rs;
    memset(&cgc, 0, sizeof cgc);
    uint8_t read10[12] = { 0x28, 0, 0, 0, 0x01, 0x2C, 0, 0, 1, 0 };
    memcpy(cgc.cmd, read10, sizeof read10);
    cgc.buffer = buf;
    cgc.buflen = 2048;
    cgc.sense = &rs;
    cgc.data_direction = CGC_DATA_READ;
    probe_check(ioctl(fd2, CDROM_SEND_PACKET, &cgc) == 0 && same_as_pattern(buf, 300, 0, 2048),
                "CDROM_SEND_PACKET READ(10)");

    /* sg queries and SG_IO */
    int v = 0;
    probe_check(ioctl(fd2, SG_GET_VERSION_NUM, &v) == 0 && v >= 30000, "SG_GET_VERSION_NUM");
    int idlun[2] = { -1, -1 };
    probe_check(ioctl(fd2, SCSI_IOCTL_GET_IDLUN, idlun) == 0 && idlun[0] >= 0, "SCSI_IOCTL_GET_IDLUN");
    v = 30;
    probe_check(ioctl(fd2, SG_SET_TIMEOUT, &v) == 0, "SG_SET_TIMEOUT");
    uint8_t sense[32], inq[36] = { 0 };
    const uint8_t inquiry[6] = { 0x12, 0, 0, 0, 36, 0 };
    sg_io_hdr_t hdr;
    probe_check(sg(fd2, inquiry, 6, SG_DXFER_FROM_DEV, inq, sizeof inq, sense, &hdr) == 0 && hdr.status == 0 &&
                    hdr.resid == 0 && !memcmp(inq + 8, "LITE-ON", 7),
                "SG_IO INQUIRY");
    /* A write is refused: CHECK CONDITION, ILLEGAL REQUEST, invalid opcode */
    const uint8_t write10[10] = { 0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
    memset(buf, 0, 2048);
    probe_check(sg(fd2, write10, 10, SG_DXFER_TO_DEV, buf, 2048, sense, &hdr) == 0 && hdr.status == 0x02 &&
                    hdr.driver_status == 0x08 && hdr.sb_len_wr >= 14 && (sense[2] & 0x0F) == 0x05 &&
                    sense[12] == 0x20,
                "SG_IO WRITE(10): not refused with 05/20/00");
    /* WRITE BUFFER in the read direction is refused by the allowlist */
    const uint8_t wbuf[10] = { 0x3B, 0x02, 0xE1, 0, 0, 0, 0, 0x20, 0, 0 };
    probe_check(sg(fd2, wbuf, 10, SG_DXFER_FROM_DEV, buf, 2048, sense, &hdr) == 0 && hdr.status == 0x02 &&
                    sense[12] == 0x20,
                "SG_IO WRITE BUFFER: not refused");

    /* virtual time: a long sleep costs nothing and moves every clock */
    struct timespec m0, m1, r0, r1;
    clock_gettime(CLOCK_MONOTONIC, &m0);
    clock_gettime(CLOCK_REALTIME, &r0);
    probe_check(sleep(100) == 0, "sleep");
    clock_gettime(CLOCK_MONOTONIC, &m1);
    clock_gettime(CLOCK_REALTIME, &r1);
    double dm = (double)(ns_of(&m1) - ns_of(&m0)) / 1e9, dr = (double)(ns_of(&r1) - ns_of(&r0)) / 1e9;
    probe_check(dm >= 100.0 && dm < 100.01 && fabs(dr - dm) < 1e-6, "sleep(100): monotonic %+.6f s, realtime %+.6f s", dm, dr);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    probe_check(llabs((long long)tv.tv_sec - (long long)r1.tv_sec) <= 1 &&
                    llabs((long long)time(NULL) - (long long)r1.tv_sec) <= 1,
                "gettimeofday/time do not follow CLOCK_REALTIME");
    /* the clock measures the drive's model: a far seek + read takes what
     * SG_IO reports as its duration */
    const uint8_t far[10] = { 0x28, 0, 0, 0, 0x50, 0, 0, 0, 1, 0 };
    clock_gettime(CLOCK_MONOTONIC, &m0);
    probe_check(sg(fd2, far, 10, SG_DXFER_FROM_DEV, buf, 2048, sense, &hdr) == 0 && hdr.status == 0, "far READ(10)");
    clock_gettime(CLOCK_MONOTONIC, &m1);
    double took_ms = (double)(ns_of(&m1) - ns_of(&m0)) / 1e6;
    probe_check(took_ms > 20 && fabs(took_ms - hdr.duration) <= 1.0, "a seek measured %.3f ms, SG_IO says %u ms",
                took_ms, hdr.duration);
    errno = 0;
    probe_check(ioctl(fd2, 0x12345678, NULL) < 0 && errno == ENOTTY, "an unknown ioctl: not ENOTTY");

    close(fd2);
    close(fd3);
    errno = 0;
    probe_check(fstat(fd2, &st) < 0 && errno == EBADF, "fstat after close");
    printf("probe: %d failures\n", probe_failures);
    return probe_failures ? 1 : 0;
}

static void test_library_seen_from_a_program(void **state)
{
    (void)state;
    node n;
    node_init(&n, "vdev-probe", "synthetic:5");
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(len > 0);
    self[len] = '\0';
    const char *argv[] = { self, "--probe", n.path, NULL };
    char *out = NULL, *err = NULL;
    /* real time: a sleep(100) that is not virtual would take 100 s */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = run_on_node(&n, false, &out, &err, argv);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc != 0)
        fail_msg("probe exit %d: %s%s", rc, out, err);
    assert_true(t1.tv_sec - t0.tv_sec < 60);
    size_t total;
    assert_int_equal(check_log_allowlist(n.log, &total), 2); /* WRITE(10), WRITE BUFFER */
    assert_true(log_has_refused(n.log, 0x2A));
    assert_true(log_has_refused(n.log, 0x3B));
    assert_true(total > 10);
    free(out);
    free(err);
    node_done(&n);
}

/* A node whose drive cannot be opened: the program's open() fails with
 * ENXIO (no device behind the node) and the library says why in one line. */
static void test_bad_configuration_is_one_line(void **state)
{
    (void)state;
    node n;
    node_init(&n, "vdev-bad", "nosuch-disc");
    const char *argv[] = { discbench_bin(), "transfer", "-d", n.path, "-o", n.dir, NULL };
    char *out = NULL, *err = NULL;
    assert_int_equal(run_on_node(&n, false, &out, &err, argv), 3); /* device error */
    assert_non_null(strstr(err, "discbench-vdev: "));
    assert_non_null(strstr(err, "DISCBENCH_VDEV_DISC 'nosuch-disc': no media profile"));
    free(out);
    free(err);
    n.drive = "nosuch-drive";
    n.disc[0] = '\0';
    assert_int_equal(run_on_node(&n, false, &out, &err, argv), 3);
    assert_non_null(strstr(err, "no drive profile 'nosuch-drive' (DISCBENCH_VDEV_DRIVE)"));
    free(out);
    free(err);
    node_done(&n);
}

/* ---- discbench through libcdio's Linux driver ---- */

static bool numeric(const char *s, double *v)
{
    char *end;
    if (!*s)
        return false;
    *v = strtod(s, &end);
    return *end == '\0';
}

/* Same figures within 0.5% (or the last printed digit), cell by cell, in
 * every CSV the sim: run wrote; the node's results say "simulated". */
static void compare_results(const char *what, const char *sim_dir, const char *node_dir, const char *sim_dev,
                            const char *node_dev)
{
    DIR *d = opendir(sim_dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".csv"))
            continue;
        char a[4600], b[4600];
        snprintf(a, sizeof a, "%s/%s", sim_dir, de->d_name);
        snprintf(b, sizeof b, "%s/%s", node_dir, de->d_name);
        tu_csv cs, cn;
        assert_int_equal(tu_csv_load(a, &cs), 0);
        if (tu_csv_load(b, &cn))
            fail_msg("%s: %s missing on the node", what, de->d_name);
        if (cs.nrows != cn.nrows || cs.ncols != cn.ncols)
            fail_msg("%s %s: %zux%zu rows/columns in sim:, %zux%zu on the node", what, de->d_name, cs.nrows,
                     cs.ncols, cn.nrows, cn.ncols);
        for (size_t r = 1; r < cs.nrows; r++)
            for (size_t c = 0; c < cs.ncols; c++) {
                const char *x = cs.rows[r][c], *y = cn.rows[r][c];
                double vx, vy;
                if (numeric(x, &vx) && numeric(y, &vy)) {
                    if (fabs(vx - vy) > fmax(0.005 * fabs(vx), 0.0011))
                        fail_msg("%s %s row %zu %s: sim %s, node %s", what, de->d_name, r, cs.rows[0][c], x, y);
                } else if (strcmp(x, y) && !(strstr(x, sim_dev) && strstr(y, node_dev))) {
                    fail_msg("%s %s row %zu %s: sim '%s', node '%s'", what, de->d_name, r, cs.rows[0][c], x, y);
                }
            }
        tu_csv_free(&cs);
        tu_csv_free(&cn);
        files++;
    }
    closedir(d);
    if (files == 0)
        fail_msg("%s wrote no CSV", what);
    char path[4400], v[64];
    snprintf(path, sizeof path, "%s/summary.json", node_dir);
    char *json = tu_read_file(path, NULL);
    tu_json_field(json, "simulated", v, sizeof v);
    if (strcmp(v, "true"))
        fail_msg("%s on the node: summary.json does not say simulated", what);
    free(json);
}

/* Run `discbench CMD` on sim:DRIVE --disc DISC and on the node holding
 * the same, and compare.  extra: more options (NULL-terminated). */
static void node_matches_sim(const char *cmd, const char *disc_text, const char *stock_disc,
                             const char *const *extra)
{
    node n;
    node_init(&n, cmd, stock_disc);
    if (disc_text)
        write_disc(&n, cmd, disc_text);
    char sim_dir[4200], node_dir[4200], sim_dev[64];
    snprintf(sim_dir, sizeof sim_dir, "%s/sim", n.dir);
    snprintf(node_dir, sizeof node_dir, "%s/node", n.dir);
    snprintf(sim_dev, sizeof sim_dev, "sim:%s", n.drive);
    const char *sim_args[32] = { discbench_bin(), cmd, "-d", sim_dev, "--disc", n.disc, "-o", sim_dir, "--no-plot" };
    const char *node_args[32] = { discbench_bin(), cmd, "-d", n.path, "-o", node_dir, "--no-plot" };
    size_t ns = 9, nn = 7;
    for (size_t i = 0; extra && extra[i]; i++) {
        sim_args[ns++] = extra[i];
        node_args[nn++] = extra[i];
    }
    char *out = NULL, *err = NULL;
    int rc = tu_run(&out, &err, sim_args);
    if (rc)
        fail_msg("%s on sim: exit %d: %s", cmd, rc, err);
    free(out);
    free(err);
    rc = run_on_node(&n, false, &out, &err, node_args);
    if (rc)
        fail_msg("%s on the node: exit %d: %s", cmd, rc, err);
    if (!strstr(out, "SIMULATED"))
        fail_msg("%s on the node does not say SIMULATED:\n%s", cmd, out);
    compare_results(cmd, sim_dir, node_dir, sim_dev, n.path);
    size_t total;
    assert_int_equal(check_log_allowlist(n.log, &total), 0);
    assert_true(total > 0);
    free(out);
    free(err);
    node_done(&n);
}

static void test_transfer_node_matches_sim(void **state)
{
    (void)state;
    node n;
    node_init(&n, "vdev-transfer", "synthetic:10");
    char sim_dir[4200], node_dir[4200];
    snprintf(sim_dir, sizeof sim_dir, "%s/sim", n.dir);
    snprintf(node_dir, sizeof node_dir, "%s/node", n.dir);
    const char *sim_args[] = { "transfer", "-d", "sim:" DRIVE, "--disc", n.disc, "--zones", "20", "-o", sim_dir,
                               "--no-plot", NULL };
    char *out = NULL, *err = NULL;
    assert_int_equal(tu_run_discbench(NULL, NULL, sim_args), 0);
    const char *node_args[] = { discbench_bin(), "transfer", "-d", n.path, "--zones", "20", "-o", node_dir,
                                "--no-plot", NULL };
    int rc = run_on_node(&n, false, &out, &err, node_args);
    if (rc)
        fail_msg("transfer on the node: exit %d: %s", rc, err);
    /* discbench reached the drive through libcdio and still says simulated */
    assert_non_null(strstr(out, "SIMULATED"));
    assert_non_null(strstr(out, n.path));
    assert_non_null(strstr(out, "synthetic 10-min data disc"));

    char a[4300], b[4300];
    snprintf(a, sizeof a, "%s/transfer.csv", sim_dir);
    snprintf(b, sizeof b, "%s/transfer.csv", node_dir);
    tu_csv cs, cn;
    assert_int_equal(tu_csv_load(a, &cs), 0);
    assert_int_equal(tu_csv_load(b, &cn), 0);
    assert_int_equal(cs.nrows, 21);
    assert_int_equal(cn.nrows, 21);
    vdrive *vd = open_truth(DRIVE, n.disc);
    for (size_t z = 0; z < 20; z++) {
        double s = tu_csv_num(&cs, z, "speed_x"), x = tu_csv_num(&cn, z, "speed_x");
        if (fabs(x - s) / s > 0.005)
            fail_msg("zone %zu: node %.3fx, sim %.3fx", z, x, s);
        uint32_t lo = (uint32_t)tu_csv_num(&cn, z, "lba_start") + (z == 0 ? 32 : 0);
        uint32_t hi = (uint32_t)tu_csv_num(&cn, z, "lba_end");
        double want = vdrive_truth_zone_speed_x(vd, lo, hi, 0xFFFF);
        if (fabs(x - want) / want > 0.005)
            fail_msg("zone %zu: node %.3fx, model %.3fx", z, x, want);
        assert_string_equal(cn.rows[z + 1][tu_csv_col(&cn, "source")], "simulated");
    }
    vdrive_free(vd);
    tu_csv_free(&cs);
    tu_csv_free(&cn);
    snprintf(b, sizeof b, "%s/summary.json", node_dir);
    char *json = tu_read_file(b, NULL);
    char v[64];
    tu_json_field(json, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    tu_json_field(json, "status", v, sizeof v);
    assert_string_equal(v, "complete");
    free(json);

    /* every CDB discbench sent reached the node and was on the list */
    size_t total;
    assert_int_equal(check_log_allowlist(n.log, &total), 0);
    assert_true(total > 10000 / 32);
    free(out);
    free(err);
    node_done(&n);
}

static void test_seek_node_matches_sim(void **state)
{
    (void)state;
    if (!have_command("seek")) {
        print_message("discbench seek not built: skipped\n");
        skip();
    }
    const char *extra[] = { "--samples", "20", "--cpu-mib", "0", NULL };
    node_matches_sim("seek", NULL, "synthetic:20", extra);
}

static void test_dae_node_matches_sim(void **state)
{
    (void)state;
    if (!have_command("dae")) {
        print_message("discbench dae not built: skipped\n");
        skip();
    }
    const char *extra[] = { "--zones", "10", NULL };
    node_matches_sim("dae", c2_disc, NULL, extra);
}

/* Two JSON texts printed one key per line: the same lines, numbers within
 * 0.5%.  The keys naming the device and its transport may differ, and so
 * may the host link (UDMA mode): only the sim: transport knows it (from the
 * profile), a drive reached through libcdio reports the physical interface
 * alone, as real ones do. */
static void compare_json_lines(const char *what, char *a, char *b)
{
    char *sa = NULL, *sb = NULL;
    char *la = strtok_r(a, "\n", &sa), *lb = strtok_r(b, "\n", &sb);
    int line = 1;
    for (; la && lb; la = strtok_r(NULL, "\n", &sa), lb = strtok_r(NULL, "\n", &sb), line++) {
        if (strstr(la, "\"device\":") || strstr(la, "\"transport\":") ||
            strstr(la, "\"host_interface\":") || strstr(la, "\"host_link\":"))
            continue;
        if (!strcmp(la, lb))
            continue;
        const char *ca = strchr(la, ':'), *cb = strchr(lb, ':');
        double va, vb;
        char xa[64] = "", xb[64] = "";
        if (ca && cb && ca - la == cb - lb && !strncmp(la, lb, (size_t)(ca - la)) &&
            sscanf(ca + 1, " %63[-0-9.eE]", xa) == 1 && sscanf(cb + 1, " %63[-0-9.eE]", xb) == 1 &&
            numeric(xa, &va) && numeric(xb, &vb) && fabs(va - vb) <= fmax(0.005 * fabs(va), 0.0011))
            continue;
        fail_msg("%s line %d: sim '%s', node '%s'", what, line, la, lb);
    }
    if (la || lb)
        fail_msg("%s: the JSON texts have different lengths (line %d)", what, line);
}

static void test_info_node_matches_sim(void **state)
{
    (void)state;
    if (!have_command("info")) {
        print_message("discbench info not built yet: skipped\n");
        skip();
    }
    node n;
    node_init(&n, "vdev-info", NULL);
    write_disc(&n, "mixed", mixed_disc);
    const char *sim_args[] = { "info", "-d", "sim:" DRIVE, "--disc", n.disc, "--json", NULL };
    char *sim_out = NULL, *out = NULL, *err = NULL;
    assert_int_equal(tu_run_discbench(&sim_out, NULL, sim_args), 0);
    const char *node_args[] = { discbench_bin(), "info", "-d", n.path, "--json", NULL };
    int rc = run_on_node(&n, false, &out, &err, node_args);
    if (rc)
        fail_msg("info on the node: exit %d: %s", rc, err);
    char v[64];
    tu_json_field(out, "simulated", v, sizeof v);
    assert_string_equal(v, "true");
    tu_json_field(out, "transport", v, sizeof v);
    assert_string_equal(v, "libcdio");
    compare_json_lines("info --json", sim_out, out);
    assert_int_equal(check_log_allowlist(n.log, NULL), 0);
    free(sim_out);
    free(out);
    free(err);
    node_done(&n);
}

static void test_c2scan_node_matches_sim(void **state)
{
    (void)state;
    if (!have_command("c2scan")) {
        print_message("discbench c2scan not built yet: skipped\n");
        skip();
    }
    node_matches_sim("c2scan", c2_disc, NULL, NULL);
}

static void test_quality_node_matches_sim(void **state)
{
    (void)state;
    if (!have_command("quality")) {
        print_message("discbench quality not built yet: skipped\n");
        skip();
    }
    node_matches_sim("quality", c2_disc, NULL, NULL);
}

/* ---- cd-info ---- */

static void test_cdinfo_lists_the_toc(void **state)
{
    (void)state;
    if (!tu_have_tool("cd-info"))
        skip();
    node n;
    node_init(&n, "vdev-cdinfo", NULL);
    write_disc(&n, "mixed", mixed_disc);
    const char *argv[] = { "cd-info", "--no-header", "--no-cddb", n.path, NULL };
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("cd-info exit %d: %s", rc, err);

    vdrive *vd = open_truth(DRIVE, n.disc);
    db_drive drv;
    vdrive_attach(vd, "sim:", &drv);
    mmc_toc toc;
    db_error derr = { 0 };
    assert_int_equal(db_mmc_read_toc(&drv, &toc, &derr), 0);
    db_drive_close(&drv);

    /* "  1: 00:02:00  000000 data   false  no" ... "170: 11:02:00  049500 leadout" */
    int seen = 0;
    long starts[100], leadout = -1;
    char kinds[100][16];
    for (const char *p = out; (p = strchr(p, '\n')); p++) {
        unsigned num, m, s, f;
        long lsn;
        char type[16];
        if (sscanf(p + 1, " %u: %u:%u:%u %ld %15s", &num, &m, &s, &f, &lsn, type) != 6)
            continue;
        if (num == 170) {
            assert_string_equal(type, "leadout");
            assert_int_equal(lsn, toc.leadout_lba);
            leadout = lsn;
            continue;
        }
        assert_true(seen < toc.count);
        const mmc_toc_track *t = &toc.tracks[seen];
        assert_int_equal(num, t->number);
        assert_int_equal(lsn, t->lba);
        assert_int_equal((m * 60 + s) * 75 + f - 150, t->lba);
        assert_string_equal(type, db_mmc_track_is_data(t) ? "data" : "audio");
        starts[seen] = lsn;
        snprintf(kinds[seen], sizeof kinds[seen], "%s", type);
        seen++;
    }
    assert_int_equal(seen, toc.count);
    assert_int_equal(seen, 3);
    assert_int_equal(leadout, toc.leadout_lba);
    /* libcdio names the disc mode from the session's disc type byte (00:
     * CD-DA or CD-ROM, first track data: "CD-DATA (Mode 1)"); its analysis
     * then finds audio and data tracks: "mixed mode CD" */
    assert_non_null(strstr(out, "Disc mode is listed as: CD-DATA (Mode 1)"));

    /* the same from discbench info on the same node */
    if (have_command("info")) {
        const char *info[] = { discbench_bin(), "info", "-d", n.path, "--json", NULL };
        char *io = NULL, *ie = NULL;
        int irc = run_on_node(&n, false, &io, &ie, info);
        if (irc)
            fail_msg("discbench info on the node: exit %d: %s", irc, ie);
        const char *p = io;
        for (int i = 0; i < seen; i++) {
            char v[64];
            p = strstr(p, "\"track\":");
            assert_non_null(p);
            tu_json_field(p, "track_kind", v, sizeof v);
            assert_string_equal(v, kinds[i]);
            tu_json_field(p, "track_start_lba", v, sizeof v);
            assert_int_equal(atol(v), starts[i]);
            tu_json_field(p, "track_sectors", v, sizeof v);
            assert_int_equal(atol(v), (i + 1 < seen ? starts[i + 1] : leadout) - starts[i]);
            if (i == 0) { /* cd-info: Mode 1 */
                tu_json_field(p, "track_mode", v, sizeof v);
                assert_string_equal(v, "1");
            }
            p++;
        }
        char v[64];
        tu_json_field(io, "medium_sectors", v, sizeof v);
        assert_int_equal(atol(v), leadout);
        tu_json_field(io, "data_track_count", v, sizeof v);
        assert_string_equal(v, "1");
        tu_json_field(io, "audio_track_count", v, sizeof v);
        assert_string_equal(v, "2");
        free(io);
        free(ie);
    } else {
        print_message("discbench info not built yet: cd-info compared with the TOC only\n");
    }
    /* cd-info's analysis reads the data track with lseek + read */
    assert_non_null(strstr(out, "mixed mode CD"));
    size_t total;
    check_log_allowlist(n.log, &total);
    assert_true(total > 5);
    free(out);
    free(err);
    node_done(&n);
}

/* ---- cd-paranoia ---- */

/* The PCM of a RIFF WAVE file's data chunk. */
static const uint8_t *wav_data(const char *wav, size_t len, size_t *n)
{
    assert_true(len > 44 && !memcmp(wav, "RIFF", 4) && !memcmp(wav + 8, "WAVE", 4));
    size_t off = 12;
    while (off + 8 <= len) {
        uint32_t sz = (uint8_t)wav[off + 4] | (uint8_t)wav[off + 5] << 8 | (uint8_t)wav[off + 6] << 16 |
                      (uint32_t)(uint8_t)wav[off + 7] << 24;
        if (!memcmp(wav + off, "data", 4)) {
            *n = sz <= len - off - 8 ? sz : len - off - 8;
            return (const uint8_t *)wav + off + 8;
        }
        off += 8 + sz + (sz & 1);
    }
    fail_msg("no data chunk");
    return NULL;
}

static void test_cdparanoia_rips_bit_identical(void **state)
{
    (void)state;
    if (!tu_have_tool("cd-paranoia"))
        skip();
    node n;
    node_init(&n, "vdev-paranoia", NULL);
    write_disc(&n, "mixed", mixed_disc);
    vdrive *vd = open_truth(DRIVE, n.disc);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    /* the rip is only bit-exact on a drive that reads audio exactly */
    if (!truth.dae_accurate_stream || truth.dae_unstable_sectors_ppm > 0)
        fail_msg("%s no longer reads audio exactly: pick another drive for this test", DRIVE);

    char wav[4200];
    snprintf(wav, sizeof wav, "%s/track03.wav", n.dir);
    const char *argv[] = { "cd-paranoia", "-q", "-d", n.path, "-w", "3", wav, NULL };
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("cd-paranoia exit %d: %s", rc, err);
    /* it timed its reads on the virtual clock: no impossible seeks */
    assert_null(strstr(err, "impossibly"));

    size_t len = 0, pcm_len = 0;
    char *file = tu_read_file(wav, &len);
    assert_non_null(file);
    const uint8_t *pcm = wav_data(file, len, &pcm_len);
    const uint32_t first = 47250, sectors = 2250; /* track 3: 10:30 to 11:00 */
    assert_int_equal(pcm_len, (size_t)sectors * CD_RAW_BYTES);

    /* the same sectors read in-process from the virtual drive, and the
     * source PCM the disc was generated from */
    db_drive drv;
    vdrive_attach(vd, "sim:", &drv);
    uint8_t *want = malloc((size_t)sectors * CD_RAW_BYTES);
    for (uint32_t i = 0; i < sectors; i += 25) {
        uint32_t k = sectors - i < 25 ? sectors - i : 25;
        db_cmd_result res;
        assert_int_equal(db_mmc_read_cd(&drv, MMC_SECTOR_CDDA, first + i, k, MMC_READCD_USER, 0,
                                        want + (size_t)i * CD_RAW_BYTES, (size_t)k * CD_RAW_BYTES, &res),
                         0);
    }
    if (memcmp(pcm, want, pcm_len)) {
        size_t i = 0;
        while (pcm[i] == want[i])
            i++;
        fail_msg("cd-paranoia's rip differs from the virtual drive's PCM at byte %zu (sector %zu)", i,
                 first + i / CD_RAW_BYTES);
    }
    uint8_t src[CD_RAW_BYTES];
    for (uint32_t i = 0; i < sectors; i++) {
        vd_pattern_audio(first + i, src);
        if (memcmp(pcm + (size_t)i * CD_RAW_BYTES, src, sizeof src))
            fail_msg("cd-paranoia's rip differs from the source PCM in sector %u", first + i);
    }
    db_drive_close(&drv);

    /* discbench's own extraction of the same track (dae --save-wav) */
    if (have_command("dae")) {
        char dae_dir[4200], wavs[4200];
        snprintf(dae_dir, sizeof dae_dir, "%s/dae", n.dir);
        snprintf(wavs, sizeof wavs, "%s/wav", n.dir);
        const char *dae[] = { discbench_bin(), "dae", "-d", n.path, "--zones", "4", "--no-data", "--save-wav",
                              wavs, "-o", dae_dir, "--no-plot", NULL };
        char *o2 = NULL, *e2 = NULL;
        rc = run_on_node(&n, false, &o2, &e2, dae);
        if (rc)
            fail_msg("discbench dae on the node: exit %d: %s", rc, e2);
        char path[4300];
        snprintf(path, sizeof path, "%s/track03.wav", wavs);
        size_t dlen = 0, dpcm_len = 0;
        char *dfile = tu_read_file(path, &dlen);
        if (!dfile)
            fail_msg("discbench dae --save-wav wrote no %s", path);
        const uint8_t *dpcm = wav_data(dfile, dlen, &dpcm_len);
        assert_int_equal(dpcm_len, pcm_len);
        assert_memory_equal(dpcm, pcm, pcm_len);
        free(dfile);
        free(o2);
        free(e2);
    } else {
        print_message("discbench dae not built: its extraction is not compared\n");
    }
    free(want);
    free(file);
    free(out);
    free(err);
    node_done(&n);
}

/* ---- readom -c2scan ---- */

static void c2_truth(const vdrive *vd, uint32_t sectors, uint64_t *bytes, uint64_t *in_sectors)
{
    *bytes = *in_sectors = 0;
    for (uint32_t lba = 0; lba < sectors; lba++) {
        uint32_t b = vdrive_truth_c2_bytes(vd, lba);
        *bytes += b;
        *in_sectors += b > 0;
        if (vdrive_truth_unreadable(vd, lba))
            fail_msg("test disc has an unreadable sector at %u: readom would count it apart", lba);
    }
}

static void test_readom_c2scan_counts(void **state)
{
    (void)state;
    if (!tu_have_tool("readom"))
        skip();
    node n;
    node_init(&n, "vdev-readom", NULL);
    write_disc(&n, "c2", c2_disc);
    const char *argv[] = { "readom", "dev=", "-c2scan", NULL };
    char dev[4200];
    snprintf(dev, sizeof dev, "dev=%s", n.path);
    argv[1] = dev;
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("readom exit %d: %s", rc, err);
    /* "C2 errors total: 472 bytes in 236 sectors on disk" (on stderr or stdout) */
    const char *p = strstr(err, "C2 errors total:");
    if (!p)
        p = strstr(out, "C2 errors total:");
    assert_non_null(p);
    unsigned long long bytes = 0, sectors = 0;
    assert_int_equal(sscanf(p, "C2 errors total: %llu bytes in %llu sectors", &bytes, &sectors), 2);
    const char *h = strstr(err, "Total of ");
    if (!h)
        h = strstr(out, "Total of ");
    unsigned long long hard = 99;
    assert_non_null(h);
    assert_int_equal(sscanf(h, "Total of %llu hard read errors", &hard), 1);

    vdrive *vd = open_truth(DRIVE, n.disc);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    uint64_t want_bytes, want_sectors;
    c2_truth(vd, truth.disc_sectors, &want_bytes, &want_sectors);
    vdrive_free(vd);
    assert_int_equal(hard, 0);
    if (bytes != want_bytes || sectors != want_sectors)
        fail_msg("readom counted %llu C2 bytes in %llu sectors; the virtual drive put %llu in %llu", bytes,
                 sectors, (unsigned long long)want_bytes, (unsigned long long)want_sectors);
    assert_true(want_bytes > 0); /* the disc really has C2 errors */
    size_t total;
    check_log_allowlist(n.log, &total);
    assert_true(total > 0);
    /* discbench's C2 scan of the same disc on the same node counts the same */
    if (have_command("c2scan")) {
        char dir[4200], path[4300], v[64];
        snprintf(dir, sizeof dir, "%s/c2scan", n.dir);
        const char *c2[] = { discbench_bin(), "c2scan", "-d", n.path, "-o", dir, "--no-plot", NULL };
        char *o2 = NULL, *e2 = NULL;
        rc = run_on_node(&n, false, &o2, &e2, c2);
        if (rc)
            fail_msg("discbench c2scan on the node: exit %d: %s", rc, e2);
        snprintf(path, sizeof path, "%s/summary.json", dir);
        char *json = tu_read_file(path, NULL);
        tu_json_field(json, "c2_bytes", v, sizeof v);
        if (strtoull(v, NULL, 10) != bytes)
            fail_msg("discbench c2scan counted %s C2 bytes, readom %llu", v, bytes);
        tu_json_field(json, "c2_sectors", v, sizeof v);
        if (strtoull(v, NULL, 10) != sectors)
            fail_msg("discbench c2scan counted C2 errors in %s sectors, readom in %llu", v, sectors);
        free(json);
        free(o2);
        free(e2);
    } else {
        print_message("discbench c2scan not built yet: only readom vs ground truth compared\n");
    }
    free(out);
    free(err);
    node_done(&n);
}

/* ---- qscan ---- */

static void test_qscan_identity(void **state)
{
    (void)state;
    if (!tu_have_tool("qscan"))
        skip();
    node n;
    node_init(&n, "vdev-qscan-id", "synthetic:5");
    const char *argv[] = { "qscan", "-d", n.path, "-I", NULL };
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("qscan -I exit %d: %s%s", rc, out, err);
    vdrive *vd = open_truth(DRIVE, NULL);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    vdrive_free(vd);
    char want[64];
    snprintf(want, sizeof want, "ID: Vendor: '%s", truth.vendor);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "ID: Model : '%s", truth.model);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "ID: F/W   : '%s'", truth.firmware);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "ID: Buffer: %.0f kB", truth.cache_kib);
    assert_non_null(strstr(out, want));
    check_log_allowlist(n.log, NULL);
    free(out);
    free(err);
    node_done(&n);
}

/* qscan's error scan: it probes vendor plugins (WRITE BUFFER among them:
 * refused, the log shows) and scans with what answers.  Its per-second
 * E22 (C2) figures must be the virtual drive's. */
static void test_qscan_errc_matches_truth(void **state)
{
    (void)state;
    if (!tu_have_tool("qscan"))
        skip();
    node n;
    node_init(&n, "vdev-qscan-errc", NULL);
    write_disc(&n, "c2", c2_disc);
    const char *argv[] = { "qscan", "-d", n.path, "-t", "errc", NULL };
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("qscan -t errc exit %d: %s", rc, err);
    vdrive *vd = open_truth(DRIVE, n.disc);
    vdrive_truth truth;
    vdrive_get_truth(vd, &truth);
    /* its progress and summary go to both streams: read them as one */
    char *all = malloc(strlen(out) + strlen(err) + 2);
    sprintf(all, "%s\n%s", out, err);
    free(out);
    out = all;
    bool c2p = strstr(out, "using plugin: C2P") != NULL;
    /* per second: "cur :   LBA |  speed X  kB/s |  BLER |  E11 E21 E31 |  E12 E22 E32 |  UNCR" */
    int intervals = 0;
    uint64_t sum = 0;
    for (char *p = out; (p = strstr(p, "cur :")); p++) {
        unsigned lba, bler, e11, e21, e31, e12, e22, e32, uncr;
        double x, kbs;
        if (sscanf(p, "cur : %u | %lf X %lf kB/s | %u | %u %u %u | %u %u %u | %u", &lba, &x, &kbs, &bler, &e11,
                   &e21, &e31, &e12, &e22, &e32, &uncr) != 11)
            continue;
        uint32_t lo = lba >= 75 ? lba - 75 : 0, hi = lba < truth.disc_sectors ? lba : truth.disc_sectors;
        if (c2p) { /* C2 pointer bits of the second's sectors, counted as E22 */
            uint64_t want = 0;
            for (uint32_t l = lo; l < hi; l++)
                want += vdrive_truth_c2_bytes(vd, l);
            if (e22 != want)
                fail_msg("qscan (C2P) second ending at LBA %u: E22 %u, virtual drive %llu", lba, e22,
                         (unsigned long long)want);
        } else { /* a vendor protocol: BLER = C1, E22 = C2 of that second */
            vdrive_err_truth t;
            vdrive_truth_errors(vd, lo / 75, &t);
            if (bler != t.c1 || e22 != t.c2)
                fail_msg("qscan second %u: BLER %u E22 %u, virtual drive C1 %u C2 %u", lo / 75, bler, e22, t.c1,
                         t.c2);
        }
        sum += e22;
        intervals++;
    }
    vdrive_free(vd);
    assert_int_equal(intervals, (truth.disc_sectors + 74) / 75);
    assert_true(sum > 0);
    /* qscan sent commands off the allowlist; the node refused them all */
    size_t total;
    assert_true(check_log_allowlist(n.log, &total) > 0);
    assert_true(log_has_refused(n.log, 0x3B)); /* WRITE BUFFER: how firmware gets flashed */
    free(out);
    free(err);
    node_done(&n);
}

/* qscan forced onto its Lite-On plugin (the family's old CD protocol, DF
 * A3/A0/82/97, which the virtual LTR-40125S speaks): every interval's
 * BLER / E22 / E32 equals discbench quality's C1 / C2 / CU for the same
 * second of the same seeded disc on the in-process sim: drive.  The one
 * independent check that the vendor protocol is spoken the way real tools
 * speak it. */
static void test_qscan_liteon_matches_quality(void **state)
{
    (void)state;
    if (!tu_have_tool("qscan"))
        skip();
    node n;
    node_init(&n, "vdev-qscan-liteon", NULL);
    write_disc(&n, "c2", c2_disc);
    const char *argv[] = { "qscan", "-d", n.path, "-f", "LITEON", "-t", "errc", NULL };
    char *out = NULL, *err = NULL;
    int rc = run_on_node(&n, true, &out, &err, argv);
    if (rc)
        fail_msg("qscan -f LITEON -t errc exit %d: %s", rc, err);
    char *all = malloc(strlen(out) + strlen(err) + 2);
    sprintf(all, "%s\n%s", out, err);
    free(out);
    free(err);
    assert_non_null(strstr(all, "Forced plugin loaded: 'LITEON'"));
    assert_non_null(strstr(all, "using OLD CD ERRC commands"));

    char qdir[4200];
    snprintf(qdir, sizeof qdir, "%s/quality", n.dir);
    char dev[64];
    snprintf(dev, sizeof dev, "sim:%s", DRIVE);
    const char *q[] = { "quality", "-d", dev, "--disc", n.disc, "--no-plot", "--no-store", "-o", qdir, NULL };
    char *qerr = NULL;
    rc = tu_run_discbench(NULL, &qerr, q);
    if (rc != 0 && rc != 1)
        fail_msg("discbench quality exit %d: %s", rc, qerr);
    free(qerr);
    char csvp[4300];
    snprintf(csvp, sizeof csvp, "%s/quality.csv", qdir);
    tu_csv c;
    assert_int_equal(tu_csv_load(csvp, &c), 0);
    size_t seconds = c.nrows - 1, matched = 0;
    for (char *p = all; (p = strstr(p, "cur :")); p++) {
        unsigned lba, bler, e11, e21, e31, e12, e22, e32, uncr;
        double x, kbs;
        if (sscanf(p, "cur : %u | %lf X %lf kB/s | %u | %u %u %u | %u %u %u | %u", &lba, &x, &kbs, &bler,
                   &e11, &e21, &e31, &e12, &e22, &e32, &uncr) != 11)
            continue;
        size_t sec = lba / 75 - 1; /* qscan prints the LBA after the interval */
        if (sec >= seconds)
            continue;          /* qscan runs one interval into the lead-out */
        if (bler != (unsigned)tu_csv_num(&c, sec, "c1") || e22 != (unsigned)tu_csv_num(&c, sec, "c2") ||
            e32 != (unsigned)tu_csv_num(&c, sec, "cu"))
            fail_msg("second %zu: qscan BLER %u E22 %u E32 %u, discbench quality C1 %.0f C2 %.0f CU %.0f", sec,
                     bler, e22, e32, tu_csv_num(&c, sec, "c1"), tu_csv_num(&c, sec, "c2"),
                     tu_csv_num(&c, sec, "cu"));
        matched++;
    }
    assert_int_equal(matched, seconds);
    tu_csv_free(&c);
    size_t total;
    check_log_allowlist(n.log, &total);
    assert_false(log_has_refused(n.log, 0xDF)); /* every Lite-On command it sent was a read-only one */
    free(all);
    node_done(&n);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--probe"))
        return probe(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_seen_from_a_program),
        cmocka_unit_test(test_bad_configuration_is_one_line),
        cmocka_unit_test(test_transfer_node_matches_sim),
        cmocka_unit_test(test_seek_node_matches_sim),
        cmocka_unit_test(test_dae_node_matches_sim),
        cmocka_unit_test(test_info_node_matches_sim),
        cmocka_unit_test(test_c2scan_node_matches_sim),
        cmocka_unit_test(test_quality_node_matches_sim),
        cmocka_unit_test(test_cdinfo_lists_the_toc),
        cmocka_unit_test(test_cdparanoia_rips_bit_identical),
        cmocka_unit_test(test_readom_c2scan_counts),
        cmocka_unit_test(test_qscan_identity),
        cmocka_unit_test(test_qscan_errc_matches_truth),
        cmocka_unit_test(test_qscan_liteon_matches_quality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
