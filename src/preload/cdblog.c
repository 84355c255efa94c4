/* cdblog.c - the node's log: one line per CDB it receives, whatever
 * becomes of it (refused by the allowlist, CHECK CONDITION, GOOD), so a
 * test can prove that no CDB off the read-only list reached the drive and
 * that tools which send such CDBs were refused.
 *
 * Line format (one write() per line, O_APPEND, so processes sharing the
 * file never interleave within a line):
 *   cdb pid=P via=V cdb=HEX dir=none|in|out len=N status=good|check|refused sense=K/AA/QQ data=N
 *   note pid=P TEXT
 * HEX is the CDB as received, two hex digits per byte; len the host's
 * buffer; data the bytes returned. */
#include "vdev.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* -1 until opened (or when DISCBENCH_VDEV_LOG is unset). */
static _Atomic int log_fd = -1;

void vdev_log_open(void)
{
    const char *p = getenv("DISCBENCH_VDEV_LOG");
    if (!p || !*p || atomic_load(&log_fd) >= 0)
        return;
    int fd = VDEV_REAL(open)(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        int expected = -1;
        if (!atomic_compare_exchange_strong(&log_fd, &expected, fd))
            VDEV_REAL(close)(fd);
    }
}

static void put(const char *line, int n, size_t cap)
{
    int fd = atomic_load(&log_fd);
    if (fd < 0 || n <= 0)
        return;
    size_t len = (size_t)n < cap ? (size_t)n : cap - 1;
    (void)!write(fd, line, len);
}

void vdev_log_cdb(const char *via, const uint8_t *cdb, size_t cdb_len, vdev_dir dir, size_t buf_len,
                  const vdev_reply *r)
{
    if (atomic_load(&log_fd) < 0)
        return;
    static const char *const dirs[] = { "none", "in", "out" };
    char hex[2 * 16 + 1];
    size_t n = cdb_len < 16 ? cdb_len : 16;
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02X", cdb[i]);
    hex[2 * n] = '\0';
    char line[256];
    int len = snprintf(line, sizeof line,
                       "cdb pid=%d via=%s cdb=%s dir=%s len=%zu status=%s sense=%02X/%02X/%02X data=%zu\n",
                       (int)getpid(), via, hex, dirs[dir], buf_len,
                       r->refused ? "refused" : r->check ? "check" : "good",
                       r->check ? r->sense[2] & 0x0F : 0, r->check ? r->sense[12] : 0,
                       r->check ? r->sense[13] : 0, r->data_len);
    put(line, len, sizeof line);
}

void vdev_log_note(const char *fmt, ...)
{
    if (atomic_load(&log_fd) < 0)
        return;
    char line[512];
    int n = snprintf(line, sizeof line, "note pid=%d ", (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line - 2)
        n += vsnprintf(line + n, sizeof line - 2 - (size_t)n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    put(line, n, sizeof line);
}
