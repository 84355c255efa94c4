/* libFuzzer target: the trace reader (src/drive/trace_format.c), which
 * `trace show`, `trace anonymize` and replay:FILE feed with files users
 * send in, and replay's opening of one.  The bytes go through a memfd so
 * that zlib's gzopen reads them as a file (plain or gzip'd). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drive/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-trace", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    db_error err = { 0 };
    db_trace_reader *r = db_trace_reader_open(path, &err);
    if (r) {
        db_trace_rec rec;
        for (int i = 0; i < 10000 && db_trace_reader_next(r, &rec, &err) == 1; i++)
            (void)db_trace_reader_header(r, "device");
        db_trace_reader_close(r);
    }
    db_drive d;
    if (db_trace_replay_open(path, &d, &err) == 0) {
        uint8_t cdb[DB_CDB_MAX] = { 0x00 }, buf[64];
        db_cmd_result res;
        db_drive_exec(&d, cdb, 6, DB_DIR_NONE, NULL, 0, 1000, &res);
        cdb[0] = 0x12;
        cdb[4] = sizeof buf;
        db_drive_exec(&d, cdb, 6, DB_DIR_READ, buf, sizeof buf, 1000, &res);
        db_drive_close(&d);
    }
    close(fd);
    return 0;
}
