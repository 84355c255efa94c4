/* vdev.c - configuration, the drive behind the node, and the CDB gate.
 *
 * Environment (read once, on first use):
 *   DISCBENCH_VDEV        the node's path (e.g. /tmp/vcd0); unset: the
 *                         library passes everything through
 *   DISCBENCH_VDEV_DRIVE  drive profile name or path (default liteon-ltr40125s)
 *   DISCBENCH_VDEV_DISC   the disc, as discbench's --disc (default: a
 *                         synthetic 80-minute data disc)
 *   DISCBENCH_VDEV_SEED   seed of the error model (default 1, as --seed)
 *   DISCBENCH_VDEV_CLOCK  "real": no virtual time, the drive sleeps instead
 *   DISCBENCH_VDEV_LOG    file that gets one line per CDB received
 *
 * The drive is opened on the first open() of the node, not in a
 * constructor: constructors run before the program has set anything up,
 * and most processes that inherit LD_PRELOAD never touch the node. */
#include "vdev.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../drive/drive.h"
#include "../drive/mmc.h"
#include "../util/datadir.h"
#include "../vdrive/vdrive.h"

#define DEFAULT_DRIVE "liteon-ltr40125s"

/* The node's state.  `path`, `name`, the env copies and `realtime` are
 * written once under `once` and only read afterwards.  `drive`, `opened`,
 * `failed` and `capacity` are guarded by `lock`. */
static struct vdev_node {
    pthread_once_t once;
    char path[PATH_MAX];        /* normalised; "" = no node configured */
    const char *name;           /* last component of path */
    bool realtime;
    pthread_mutex_t lock;
    bool opened, failed;
    db_drive drive;
    vdrive *vd;                 /* the drive's model (drive.ctx) */
    uint32_t capacity;          /* READ CAPACITY blocks, 0 = not read yet */
    time_t created;             /* the node's timestamps */
} node = { .once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER };

void *vdev_dlnext(const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    if (!p) { /* nothing sensible to fall back to: say which and stop */
        static const char msg[] = "discbench-vdev: libc function not found: ";
        (void)!write(2, msg, sizeof msg - 1);
        (void)!write(2, name, strlen(name));
        (void)!write(2, "\n", 1);
        abort();
    }
    return p;
}

static void load_config(void)
{
    const char *p = getenv("DISCBENCH_VDEV");
    const char *clk = getenv("DISCBENCH_VDEV_CLOCK");
    node.realtime = clk && !strcmp(clk, "real");
    node.created = time(NULL);
    if (!p || !*p)
        return;
    char cwd[PATH_MAX];
    const char *base = p[0] == '/' ? NULL : getcwd(cwd, sizeof cwd);
    if (vdev_path_normalize(base, p, node.path, sizeof node.path) || !strcmp(node.path, "/")) {
        node.path[0] = '\0';
        return;
    }
    node.name = strrchr(node.path, '/') + 1;
}

static void config(void)
{
    pthread_once(&node.once, load_config);
}

bool vdev_is_node_path(int dirfd, const char *path)
{
    config();
    if (!node.path[0] || !path || !*path)
        return false;
    if (!strcmp(path, node.path))
        return true;
    /* Cheap rejection first: this runs for every stat/open of the process. */
    const char *slash = strrchr(path, '/');
    if (strcmp(slash ? slash + 1 : path, node.name))
        return false;
    char dir[PATH_MAX], norm[PATH_MAX];
    const char *base = NULL;
    if (path[0] != '/') {
        if (dirfd == AT_FDCWD) {
            base = getcwd(dir, sizeof dir);
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, dir, sizeof dir - 1);
            if (n > 0) {
                dir[n] = '\0';
                base = dir;
            }
        }
        if (!base)
            return false;
    }
    return vdev_path_normalize(base, path, norm, sizeof norm) == 0 && !strcmp(norm, node.path);
}

void vdev_fill_stat(struct stat *st)
{
    config();
    memset(st, 0, sizeof *st);
    st->st_dev = makedev(0, 5);            /* devtmpfs-like */
    st->st_ino = 0x7664657630ull;          /* fixed: "vdev0" */
    st->st_mode = S_IFBLK | 0660;
    st->st_nlink = 1;
    st->st_uid = getuid();                 /* the caller may open it */
    st->st_gid = getgid();
    st->st_rdev = makedev(VDEV_MAJOR, VDEV_MINOR);
    st->st_blksize = 2048;
    st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = node.created;
}

/* Resolve DISCBENCH_VDEV_DISC the way discbench resolves --disc: a bare
 * media profile name (optionally NAME:write=X) is looked up in
 * profiles/media; synthetic:MIN and existing files are passed on.  NULL
 * (the default disc) when unset; -1 when it names nothing. */
static int resolve_disc(const char *disc, char *buf, size_t len, const char **out, db_error *err)
{
    *out = disc && *disc ? disc : NULL;
    if (!*out || !strncmp(disc, "synthetic:", 10))
        return 0;
    const char *opt = strstr(disc, ":write=");
    char name[PATH_MAX];
    snprintf(name, sizeof name, "%.*s", opt ? (int)(opt - disc) : (int)strlen(disc), disc);
    if (!db_find_profile("media", name, buf, len)) {
        if (opt && strlen(buf) + strlen(opt) < len)
            strcat(buf, opt);
        *out = buf;
        return 0;
    }
    if (access(disc, F_OK) == 0)
        return 0;
    char where[1024];
    db_data_dir(where, sizeof where);
    return db_error_set(err, DB_EXIT_INPUT,
                        "DISCBENCH_VDEV_DISC '%s': no media profile of that name (in %s/profiles/media) "
                        "and no such disc image file", disc, where);
}

static int open_drive(void)
{
    const char *drv = getenv("DISCBENCH_VDEV_DRIVE");
    const char *seed_s = getenv("DISCBENCH_VDEV_SEED");
    char profile[PATH_MAX], disc_buf[PATH_MAX];
    db_error err = { 0 };
    if (!drv || !*drv)
        drv = DEFAULT_DRIVE;
    if (db_find_profile("drives", drv, profile, sizeof profile)) {
        db_error_set(&err, DB_EXIT_INPUT, "no drive profile '%s' (DISCBENCH_VDEV_DRIVE)", drv);
    } else {
        char *end = NULL;
        unsigned long long seed = seed_s && *seed_s ? strtoull(seed_s, &end, 10) : 1;
        const char *disc = NULL;
        if (end && *end) {
            db_error_set(&err, DB_EXIT_INPUT, "DISCBENCH_VDEV_SEED: expected an integer, got '%s'",
                         seed_s);
        } else if (!resolve_disc(getenv("DISCBENCH_VDEV_DISC"), disc_buf, sizeof disc_buf, &disc,
                                 &err)) {
            vdrive_config cfg = { .drive_profile = profile,
                                  .disc = disc,
                                  .seed = seed,
                                  .realtime = node.realtime };
            vdrive *vd;
            if (!vdrive_open(&cfg, &vd, &err)) {
                vdrive_attach(vd, node.path, &node.drive);
                node.vd = vd;
                return 0;
            }
        }
    }
    /* One line on stderr: the program itself only sees ENXIO. */
    char line[700];
    int n = snprintf(line, sizeof line, "discbench-vdev: %s: %s\n", node.path, err.msg);
    (void)!write(2, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : strlen(line));
    return -1;
}

int vdev_drive_ready(void)
{
    config();
    pthread_mutex_lock(&node.lock);
    if (!node.opened && !node.failed) {
        vdev_log_open();
        if (open_drive() == 0) {
            node.opened = true;
            if (!node.realtime)
                vdev_clock_start();
            vdev_log_note("open drive=%s disc=\"%s\" clock=%s", node.drive.device,
                          node.drive.disc_label, node.realtime ? "real" : "virtual");
        } else {
            node.failed = true;
        }
    }
    bool ok = node.opened;
    pthread_mutex_unlock(&node.lock);
    if (!ok)
        errno = ENXIO;
    return ok ? 0 : -1;
}

size_t vdev_group_cdb_len(uint8_t opcode)
{
    switch (opcode >> 5) {
    case 0: return 6;
    case 1: case 2: return 10;
    case 4: return 16;
    case 5: return 12;
    default: return 0;
    }
}

static void set_sense(vdev_reply *r, uint8_t key, uint8_t asc, uint8_t ascq)
{
    memset(r->sense, 0, sizeof r->sense);
    r->sense[0] = 0x70;
    r->sense[2] = key;
    r->sense[7] = 10;
    r->sense[12] = asc;
    r->sense[13] = ascq;
    r->check = true;
}

int vdev_exec(const uint8_t *cdb, size_t cdb_len, vdev_dir dir, void *buf, size_t buf_len,
              const char *via, vdev_reply *out)
{
    memset(out, 0, sizeof *out);
    if (vdev_drive_ready())
        return -1;
    if (dir == VDEV_DIR_IN && buf_len == 0)
        dir = VDEV_DIR_NONE; /* nothing to transfer: a data-in command with no data */
    pthread_mutex_lock(&node.lock);
    db_drive *d = &node.drive;
    uint64_t t0 = db_clock_now_ns(&d->clock);
    uint64_t idle = node.realtime ? 0 : vdev_clock_take_idle();
    if (idle)
        vdrive_idle_ns(node.vd, idle);
    if (dir == VDEV_DIR_OUT) {
        out->refused = true;
        set_sense(out, 0x05, 0x20, 0x00);
    } else {
        db_cmd_result res;
        db_drive_exec(d, cdb, cdb_len, dir == VDEV_DIR_IN ? DB_DIR_READ : DB_DIR_NONE,
                      dir == VDEV_DIR_IN ? buf : NULL, dir == VDEV_DIR_IN ? buf_len : 0, 0, &res);
        switch (res.status) {
        case DB_CMD_GOOD:
            out->data_len = res.data_len;
            break;
        case DB_CMD_CHECK:
            out->data_len = res.data_len;
            if (res.sense.raw_len >= 14) {
                memcpy(out->sense, res.sense.raw,
                       res.sense.raw_len < sizeof out->sense ? res.sense.raw_len : sizeof out->sense);
                out->check = true;
            } else {
                set_sense(out, res.sense.key, res.sense.asc, res.sense.ascq);
            }
            break;
        case DB_CMD_REFUSED:
            out->refused = true;
            set_sense(out, 0x05, 0x20, 0x00);
            break;
        default: /* the virtual drive has no transport to fail; say so if it did */
            set_sense(out, 0x04, 0x44, 0x00);
            break;
        }
        out->duration_ns = res.duration_ns;
    }
    uint64_t t1 = db_clock_now_ns(&d->clock);
    if (!node.realtime && t1 > t0 + idle)
        vdev_clock_advance(t1 - t0 - idle);
    pthread_mutex_unlock(&node.lock);
    vdev_log_cdb(via, cdb, cdb_len, dir, buf_len, out);
    return 0;
}

uint32_t vdev_capacity_blocks(void)
{
    pthread_mutex_lock(&node.lock);
    uint32_t cap = node.capacity;
    pthread_mutex_unlock(&node.lock);
    if (cap)
        return cap;
    /* What the block layer does when media appear: READ CAPACITY, logged
     * as coming from the kernel. */
    uint8_t cdb[10] = { MMC_READ_CAPACITY }, resp[8] = { 0 };
    vdev_reply r;
    if (vdev_exec(cdb, sizeof cdb, VDEV_DIR_IN, resp, sizeof resp, "kernel", &r) || r.check ||
        r.data_len < 8)
        return 0;
    cap = ((uint32_t)resp[0] << 24 | (uint32_t)resp[1] << 16 | (uint32_t)resp[2] << 8 | resp[3]) + 1;
    pthread_mutex_lock(&node.lock);
    node.capacity = cap;
    pthread_mutex_unlock(&node.lock);
    return cap;
}

/* For discbench's libcdio transport: is `path` a node this library serves?
 * Returns 1 and copies the disc's label when it is, so results from it are
 * labelled simulated (the drive behind the node is the virtual drive, even
 * though discbench reached it through libcdio like a real one). */
VDEV_EXPORT int discbench_vdev_describe(const char *path, char *disc_label, size_t len)
{
    if (!vdev_is_node_path(AT_FDCWD, path) || vdev_drive_ready())
        return 0;
    if (disc_label && len) {
        pthread_mutex_lock(&node.lock);
        snprintf(disc_label, len, "%s", node.drive.disc_label);
        pthread_mutex_unlock(&node.lock);
    }
    return 1;
}
