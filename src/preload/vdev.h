/* vdev.h - the virtual device node: one path (DISCBENCH_VDEV) that looks
 * like a Linux CD-ROM block device to an unmodified program loaded with
 * LD_PRELOAD=libdiscbench-vdev.so, served by the virtual drive (src/vdrive).
 *
 * The library's files:
 *   vdev.c        configuration (environment), the drive behind the node
 *                 (opened lazily on first open of the path), the CDB gate
 *   fdtab.c       which file descriptors are the node (fake fds backed by
 *                 /dev/null), their file positions, dup/close tracking
 *   path.c        lexical path normalisation (pure; unit tested)
 *   cdblog.c      the log of every CDB the node receives (DISCBENCH_VDEV_LOG)
 *   fileops.c     open (all variants), close, dup, fcntl(F_DUPFD)
 *   statops.c     the stat family, statx, xattrs, access, realpath
 *   blockread.c   read/pread/lseek: the disc's 2048-byte blocks
 *   ioctl_cdrom.c ioctl(): the cdrom.h requests, CDROM_SEND_PACKET, block
 *                 device queries; hands sg/SCSI requests to ioctl_sg.c
 *   ioctl_sg.c    SG_IO and the sg/SCSI queries tools send before it
 *   vclock.c      clock_gettime/gettimeofday/time and the sleeps, served
 *                 from the virtual drive's clock
 *
 * Why global state here, against the house rule: an interposed libc
 * function has no context argument, so the node's state (one drive, one fd
 * table, one clock) has to live in the library.  It is kept in one struct
 * per file, with a comment on who may touch it and how. */
#ifndef DB_PRELOAD_VDEV_H
#define DB_PRELOAD_VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Symbols the library exports (the interposed libc functions and
 * discbench_vdev_describe); everything else is hidden. */
#define VDEV_EXPORT __attribute__((visibility("default")))

/* The real libc function: dlsym(RTLD_NEXT), resolved on first use (an
 * interposed function may be called by another library's constructor,
 * before ours ran) and cached.  The race between two threads resolving it
 * at once is benign: both store the same pointer. */
void *vdev_dlnext(const char *name);
#define VDEV_REAL(fn)                                                              \
    __extension__({                                                                \
        static __typeof__(&fn) real_p_;                                            \
        __typeof__(&fn) f_ = __atomic_load_n(&real_p_, __ATOMIC_ACQUIRE);          \
        if (!f_) {                                                                 \
            f_ = (__typeof__(&fn))vdev_dlnext(#fn);                                \
            __atomic_store_n(&real_p_, f_, __ATOMIC_RELEASE);                      \
        }                                                                          \
        f_;                                                                        \
    })

/* The node's identity: a SCSI CD-ROM block device, major 11 (sr), with a
 * minor no real system hands out to its first CD drives. */
#define VDEV_MAJOR 11
#define VDEV_MINOR 250
/* What SCSI_IOCTL_GET_IDLUN / GET_BUS_NUMBER report: host 4, channel 0,
 * target 0, lun 0 - an ATAPI drive behind the libata host. */
#define VDEV_SCSI_HOST 4

/* ---- path.c ---- */
/* Lexically normalise path (relative to cwd when not absolute; cwd may be
 * NULL for absolute paths only): collapse "//", "/./", "/../".  No file
 * system access.  0 on success, -1 when it does not fit out_len. */
int vdev_path_normalize(const char *cwd, const char *path, char *out, size_t out_len);

/* ---- vdev.c ---- */
/* Is `path` (as a program passed it) the node?  Cheap when DISCBENCH_VDEV
 * is unset.  dirfd: AT_FDCWD or a directory fd for *at() calls. */
bool vdev_is_node_path(int dirfd, const char *path);
/* The node's stat data (no drive needed). */
void vdev_fill_stat(struct stat *st);
/* Make sure the drive behind the node is open (first use).  0, or -1 with
 * errno set (ENXIO: no drive could be opened; the reason went to stderr). */
int vdev_drive_ready(void);
/* Disc capacity in 2048-byte blocks (READ CAPACITY), 0 when unknown. */
uint32_t vdev_capacity_blocks(void);

/* Data direction of a CDB as the node receives it. */
typedef enum vdev_dir { VDEV_DIR_NONE = 0, VDEV_DIR_IN = 1, VDEV_DIR_OUT = 2 } vdev_dir;

typedef struct vdev_reply {
    bool check;             /* CHECK CONDITION (sense below) */
    bool refused;           /* refused by the allowlist (sense 05/20/00) */
    uint8_t sense[18];      /* fixed-format sense when check */
    size_t data_len;        /* bytes placed in the buffer */
    uint64_t duration_ns;   /* on the drive's clock */
} vdev_reply;

/* Run one CDB on the drive behind the node: it is logged as received, then
 * goes through db_drive_exec (the read-only allowlist) like every CDB
 * discbench sends.  A refused CDB, or one with a data-out phase (there is
 * no data-out direction in discbench at all), gets CHECK CONDITION with
 * ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE (05/20/00).  `via` names
 * the path it came by in the log ("SG_IO", "CDROM_SEND_PACKET", ...).
 * Returns 0 when a reply was produced (GOOD or CHECK), -1 with errno when
 * the drive is not available. */
int vdev_exec(const uint8_t *cdb, size_t cdb_len, vdev_dir dir, void *buf, size_t buf_len,
              const char *via, vdev_reply *out);

/* SPC CDB length of an opcode's group; 0 for the groups that define none
 * (3: reserved, 6 and 7: vendor specific). */
size_t vdev_group_cdb_len(uint8_t opcode);

/* ---- fdtab.c ---- */
/* Register fd as an open of the node (a new open file description). */
int vdev_fd_add(int fd);
/* Is fd the node?  Lock-free; cheap for every fd. */
bool vdev_fd_is(int fd);
/* fd was closed (or is about to be reused by dup2/dup3). */
void vdev_fd_forget(int fd);
/* newfd now refers to oldfd's open file description (dup/dup2/fcntl). */
void vdev_fd_dup(int oldfd, int newfd);
/* File position of fd's open file description. */
bool vdev_fd_get_pos(int fd, off_t *pos);
void vdev_fd_set_pos(int fd, off_t pos);

/* ---- cdblog.c ---- */
/* Open the log named by DISCBENCH_VDEV_LOG (append); no-op when unset. */
void vdev_log_open(void);
/* One line for one received CDB and what became of it. */
void vdev_log_cdb(const char *via, const uint8_t *cdb, size_t cdb_len, vdev_dir dir, size_t buf_len,
                  const vdev_reply *r);
/* A free-form line (ioctls the node does not answer, open failures). */
void vdev_log_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- vclock.c ---- */
/* Switch the process's clocks to virtual time: from now on they read their
 * value at this instant plus the virtual drive's elapsed time. */
void vdev_clock_start(void);
/* The drive's clock moved on by ns (a command ran, or the host idled). */
void vdev_clock_advance(uint64_t ns);
/* Idle time the host slept that the drive has not been told about yet;
 * vdev_exec hands it to the drive before the next command. */
uint64_t vdev_clock_take_idle(void);

/* ---- ioctl_cdrom.c / ioctl_sg.c ---- */
/* ioctl on a node fd.  Returns what ioctl returns (errno set on -1). */
int vdev_ioctl(int fd, unsigned long request, void *arg);
/* The sg / SCSI requests; *handled = false when request is not one. */
int vdev_ioctl_sg(unsigned long request, void *arg, bool *handled);

#endif
