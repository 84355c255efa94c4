/* trace_format.c - reading and writing trace lines (docs/trace-format.md).
 *
 *   discbench-trace 1
 *   H <key> <value to end of line>
 *   C <seq> <t_ns> <dur_ns> <cdb hex> <dir: in|none> <buf_len> <status: good|check|transport>
 *     <sense hex|-> <data_len> <data hex | digest:<16 hex> | ->
 *
 * Fields are separated by one space; a record is one line. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include "../util/safefile.h"
#include "trace.h"

#define MAX_HEADERS 32
#define MAX_DATA_BYTES (16u << 20) /* no single reply is larger */

struct db_trace_writer {
    int fd;          /* the trace as plain text while the run goes */
    char *path;
    char *line;
    size_t cap;
    bool failed;
};

struct db_trace_reader {
    gzFile gz;
    char *path;
    char *line;
    size_t cap;
    uint8_t *data;
    size_t data_cap;
    unsigned long line_no;
    bool truncated;
    int nheaders;
    char *hkey[MAX_HEADERS], *hval[MAX_HEADERS];
};

uint64_t db_trace_digest(const uint8_t *data, size_t len)
{
    /* FNV-1a 64 over the length and 64 bytes out of every 2048 (the start
     * of each block): cheap enough to leave a recorded run's speed alone,
     * and still tells a pattern, silence and real data apart. */
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 8; i++) {
        h ^= (uint8_t)(len >> (8 * i));
        h *= 1099511628211ull;
    }
    for (size_t off = 0; off < len; off += 2048) {
        size_t n = len - off < 64 ? len - off : 64;
        for (size_t i = 0; i < n; i++) {
            h ^= data[off + i];
            h *= 1099511628211ull;
        }
    }
    return h;
}

static const char hexdig[] = "0123456789abcdef";

static char *hex_put(char *p, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        *p++ = hexdig[b[i] >> 4];
        *p++ = hexdig[b[i] & 15];
    }
    return p;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode exactly len hex chars into out; -1 on a bad digit. */
static int hex_get(const char *s, size_t len, uint8_t *out)
{
    if (len % 2)
        return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* While a run goes, each record is one write(2) of plain text: a killed
 * run leaves every complete line (gzread reads plain text too).  Closing
 * compresses the file in place (gzip level 1, then rename), so a finished
 * trace is small. */
db_trace_writer *db_trace_writer_open(const char *path, db_error *err)
{
    db_trace_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        db_error_set(err, DB_EXIT_OUTPUT, "out of memory");
        return NULL;
    }
    w->fd = db_open_write(path, 0); /* never through a symbolic link */
    if (w->fd < 0) {
        db_error_set(err, DB_EXIT_OUTPUT, "cannot write trace %s: %s", path, db_write_strerror(errno));
        free(w->path);
        free(w);
        return NULL;
    }
    char first[64];
    int n = snprintf(first, sizeof first, "%s %d\n", DB_TRACE_MAGIC, DB_TRACE_VERSION);
    if (write(w->fd, first, (size_t)n) != n) {
        db_error_set(err, DB_EXIT_OUTPUT, "cannot write trace %s: %s", path, strerror(errno));
        close(w->fd);
        free(w->path);
        free(w);
        return NULL;
    }
    return w;
}

static int put_line(db_trace_writer *w, const char *line, size_t len)
{
    while (len && !w->failed) {
        ssize_t n = write(w->fd, line, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            w->failed = true;
            break;
        }
        line += n;
        len -= (size_t)n;
    }
    return w->failed ? -1 : 0;
}

int db_trace_writer_header(db_trace_writer *w, const char *key, const char *value)
{
    char line[2048];
    /* one line: newlines in a value (a command line) become spaces */
    int n = snprintf(line, sizeof line, "H %s %s", key, value ? value : "");
    if (n < 0)
        return -1;
    size_t len = (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
    for (size_t i = 2; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[len++] = '\n';
    return put_line(w, line, len);
}

static const char *status_word(int status)
{
    return status == DB_CMD_GOOD ? "good" : status == DB_CMD_CHECK ? "check" : "transport";
}

int db_trace_writer_rec(db_trace_writer *w, const db_trace_rec *r)
{
    size_t need = 256 + 2 * (r->cdb_len + r->sense_len) + (r->data ? 2 * r->data_len : 0);
    if (need > w->cap) {
        char *n = realloc(w->line, need);
        if (!n)
            return -1;
        w->line = n;
        w->cap = need;
    }
    char *p = w->line;
    p += sprintf(p, "C %llu %llu %llu ", (unsigned long long)r->seq, (unsigned long long)r->t_ns,
                 (unsigned long long)r->dur_ns);
    p = hex_put(p, r->cdb, r->cdb_len);
    p += sprintf(p, " %s %zu %s ", r->dir == DB_DIR_READ ? "in" : "none", r->buf_len,
                 status_word(r->status));
    if (r->sense_len)
        p = hex_put(p, r->sense, r->sense_len);
    else
        *p++ = '-';
    p += sprintf(p, " %zu ", r->data_len);
    if (r->data_is_digest)
        p += sprintf(p, "digest:%016llx", (unsigned long long)r->digest);
    else if (r->data && r->data_len)
        p = hex_put(p, r->data, r->data_len);
    else
        *p++ = '-';
    *p++ = '\n';
    return put_line(w, w->line, (size_t)(p - w->line));
}

/* Compress the plain trace at path into path (via a temporary file). */
static int compress_in_place(const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.gz-tmp", path);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    unlink(tmp); /* left by a killed run, or a link: a new file only */
    int out = db_open_write(tmp, 1);
    gzFile gz = out >= 0 ? gzdopen(out, "wb1") : NULL;
    if (!gz) {
        if (out >= 0)
            close(out);
        close(in);
        return -1;
    }
    char buf[1 << 16];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (gzwrite(gz, buf, (unsigned)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0)
        rc = -1;
    close(in);
    if (gzclose(gz) != Z_OK)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc)
        unlink(tmp); /* the plain trace stays: still readable */
    return rc;
}

int db_trace_writer_close(db_trace_writer *w)
{
    if (!w)
        return 0;
    int rc = w->failed ? -1 : 0;
    if (close(w->fd) != 0)
        rc = -1;
    if (rc == 0)
        rc = compress_in_place(w->path);
    free(w->line);
    free(w->path);
    free(w);
    return rc;
}

/* ---- reader ---- */

/* One whole line into r->line (without the newline).  1 = line, 0 = end,
 * and a last line with no newline is a torn write: the end. */
static int read_line(db_trace_reader *r)
{
    size_t len = 0;
    for (;;) {
        if (r->cap - len < 4096) {
            size_t ncap = r->cap ? r->cap * 2 : 65536;
            char *n = realloc(r->line, ncap);
            if (!n)
                return -1;
            r->line = n;
            r->cap = ncap;
        }
        if (!gzgets(r->gz, r->line + len, (int)(r->cap - len))) {
            int zerr;
            gzerror(r->gz, &zerr);
            /* A finished trace is compressed: plain text is a run that
             * never closed its trace (killed), and a torn line likewise. */
            if (len || (zerr != Z_OK && zerr != Z_STREAM_END) || gzdirect(r->gz))
                r->truncated = true;
            return 0;
        }
        len += strlen(r->line + len);
        if (len && r->line[len - 1] == '\n') {
            r->line[len - 1] = '\0';
            r->line_no++;
            return 1;
        }
        if (gzeof(r->gz)) {
            r->truncated = true; /* no newline: torn */
            return 0;
        }
    }
}

db_trace_reader *db_trace_reader_open(const char *path, db_error *err)
{
    db_trace_reader *r = calloc(1, sizeof *r);
    if (!r) {
        db_error_set(err, DB_EXIT_INPUT, "out of memory");
        return NULL;
    }
    r->path = strdup(path);
    r->gz = gzopen(path, "rb");
    if (!r->gz || !r->path) {
        db_error_set(err, DB_EXIT_INPUT, "cannot open trace %s: %s", path, strerror(errno));
        db_trace_reader_close(r);
        return NULL;
    }
    char magic[64];
    snprintf(magic, sizeof magic, "%s %d", DB_TRACE_MAGIC, DB_TRACE_VERSION);
    if (read_line(r) != 1 || strcmp(r->line, magic)) {
        db_error_set(err, DB_EXIT_INPUT, "%s: not a discbench trace (version %d)", path,
                     DB_TRACE_VERSION);
        db_trace_reader_close(r);
        return NULL;
    }
    return r;
}

static int add_header(db_trace_reader *r, const char *rest)
{
    const char *sp = strchr(rest, ' ');
    size_t klen = sp ? (size_t)(sp - rest) : strlen(rest);
    for (int i = 0; i < r->nheaders; i++)
        if (strlen(r->hkey[i]) == klen && !strncmp(r->hkey[i], rest, klen)) {
            free(r->hval[i]);
            r->hval[i] = strdup(sp ? sp + 1 : "");
            return 0;
        }
    if (r->nheaders == MAX_HEADERS)
        return 0; /* extra headers are ignored */
    r->hkey[r->nheaders] = strndup(rest, klen);
    r->hval[r->nheaders] = strdup(sp ? sp + 1 : "");
    r->nheaders++;
    return 0;
}

const char *db_trace_reader_header(const db_trace_reader *r, const char *key)
{
    for (int i = 0; i < r->nheaders; i++)
        if (!strcmp(r->hkey[i], key))
            return r->hval[i];
    return NULL;
}

bool db_trace_reader_truncated(const db_trace_reader *r)
{
    return r->truncated;
}

/* Split the next space-separated field off *s. */
static char *field(char **s)
{
    char *f = *s;
    if (!f || !*f)
        return NULL;
    char *sp = strchr(f, ' ');
    if (sp) {
        *sp = '\0';
        *s = sp + 1;
    } else {
        *s = NULL;
    }
    return f;
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !isdigit((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int bad(db_trace_reader *r, db_error *err, const char *what)
{
    return db_error_set(err, DB_EXIT_INPUT, "%s:%lu: %s", r->path, r->line_no, what);
}

int db_trace_reader_next(db_trace_reader *r, db_trace_rec *rec, db_error *err)
{
    for (;;) {
        int got = read_line(r);
        if (got <= 0)
            return got < 0 ? bad(r, err, "out of memory") : 0;
        char *s = r->line;
        if (s[0] == '#' || !s[0])
            continue;
        if (s[0] == 'H' && s[1] == ' ') {
            add_header(r, s + 2);
            continue;
        }
        if (s[0] != 'C' || s[1] != ' ')
            return bad(r, err, "unknown record type");
        s += 2;
        memset(rec, 0, sizeof *rec);
        char *f_seq = field(&s), *f_t = field(&s), *f_dur = field(&s), *f_cdb = field(&s),
             *f_dir = field(&s), *f_buf = field(&s), *f_st = field(&s), *f_sense = field(&s),
             *f_dlen = field(&s), *f_data = field(&s);
        uint64_t buf_len, data_len;
        if (!f_data || s)
            return bad(r, err, "a command record has 11 fields");
        if (parse_u64(f_seq, &rec->seq) || parse_u64(f_t, &rec->t_ns) || parse_u64(f_dur, &rec->dur_ns) ||
            parse_u64(f_buf, &buf_len) || parse_u64(f_dlen, &data_len))
            return bad(r, err, "bad number");
        size_t cl = strlen(f_cdb);
        if (cl < 2 || cl > 2 * DB_CDB_MAX || hex_get(f_cdb, cl, rec->cdb))
            return bad(r, err, "bad CDB");
        rec->cdb_len = cl / 2;
        if (!strcmp(f_dir, "in"))
            rec->dir = DB_DIR_READ;
        else if (!strcmp(f_dir, "none"))
            rec->dir = DB_DIR_NONE;
        else
            return bad(r, err, "bad direction");
        if (buf_len > MAX_DATA_BYTES || data_len > buf_len)
            return bad(r, err, "data length larger than the buffer");
        rec->buf_len = (size_t)buf_len;
        rec->data_len = (size_t)data_len;
        if (!strcmp(f_st, "good"))
            rec->status = DB_CMD_GOOD;
        else if (!strcmp(f_st, "check"))
            rec->status = DB_CMD_CHECK;
        else if (!strcmp(f_st, "transport"))
            rec->status = DB_CMD_TRANSPORT;
        else
            return bad(r, err, "bad status");
        if (strcmp(f_sense, "-")) {
            size_t sl = strlen(f_sense);
            if (sl > 2 * DB_SENSE_MAX || hex_get(f_sense, sl, rec->sense))
                return bad(r, err, "bad sense");
            rec->sense_len = sl / 2;
        }
        if (!strncmp(f_data, "digest:", 7)) {
            char *end;
            rec->digest = strtoull(f_data + 7, &end, 16);
            if (*end || strlen(f_data + 7) != 16)
                return bad(r, err, "bad digest");
            rec->data_is_digest = true;
        } else if (strcmp(f_data, "-")) {
            size_t dl = strlen(f_data);
            if (dl != 2 * rec->data_len)
                return bad(r, err, "data length field does not match the data");
            if (rec->data_len > r->data_cap) {
                uint8_t *n = realloc(r->data, rec->data_len);
                if (!n)
                    return bad(r, err, "out of memory");
                r->data = n;
                r->data_cap = rec->data_len;
            }
            if (hex_get(f_data, dl, r->data))
                return bad(r, err, "bad data");
            rec->data = r->data;
        } else if (rec->data_len) {
            return bad(r, err, "data length without data");
        }
        return 1;
    }
}

void db_trace_reader_close(db_trace_reader *r)
{
    if (!r)
        return;
    if (r->gz)
        gzclose(r->gz);
    for (int i = 0; i < r->nheaders; i++) {
        free(r->hkey[i]);
        free(r->hval[i]);
    }
    free(r->line);
    free(r->data);
    free(r->path);
    free(r);
}
