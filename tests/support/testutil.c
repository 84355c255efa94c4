/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "vdrive/vdrive.h"

char *tu_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *p = malloc(strlen(base) + strlen(tag) + 32);
    sprintf(p, "%s/dbtest-%s-XXXXXX", base, tag);
    if (!mkdtemp(p)) {
        free(p);
        return NULL;
    }
    return p;
}

void tu_rmrf(const char *dir)
{
    if (!dir)
        return;
    const char *argv[] = { "rm", "-rf", dir, NULL };
    tu_run(NULL, NULL, argv);
}

/* Everything fd holds, NUL-terminated; *len_out (optional) the bytes read. */
static char *slurp_fd(int fd, size_t *len_out)
{
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            b = realloc(b, cap);
        }
        ssize_t n = read(fd, b + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    b[len] = '\0';
    if (len_out)
        *len_out = len;
    return b;
}

int tu_run(char **out, char **err, const char *const *argv)
{
    char outpath[] = "/tmp/dbtest-out-XXXXXX", errpath[] = "/tmp/dbtest-err-XXXXXX";
    int ofd = mkstemp(outpath), efd = mkstemp(errpath);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    if (out)
        *out = slurp_fd(ofd, NULL);
    if (err)
        *err = slurp_fd(efd, NULL);
    close(ofd);
    close(efd);
    unlink(outpath);
    unlink(errpath);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

/* The binary under test: $DISCBENCH_BIN, else discbench on PATH. */
static const char *discbench_bin(void)
{
    const char *bin = getenv("DISCBENCH_BIN");
    return bin ? bin : "discbench";
}

/* argv for the binary under test: its path, then args (caller frees). */
static const char **discbench_argv(const char *const *args)
{
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = discbench_bin();
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    return argv;
}

int tu_run_discbench(char **out, char **err, const char *const *args)
{
    const char **argv = discbench_argv(args);
    int rc = tu_run(out, err, argv);
    free(argv);
    return rc;
}

void tu_run_discbench_ok(char **out, const char *const *args)
{
    char *err = NULL;
    int rc = tu_run_discbench(out, &err, args);
    if (rc != 0)
        fail_msg("%s: exit %d: %s", args[0], rc, err);
    free(err);
}

bool tu_have_tool(const char *tool)
{
    const char *which[] = { "which", tool, NULL };
    return tu_run(NULL, NULL, which) == 0;
}

char *tu_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *s = slurp_fd(fd, len);
    close(fd);
    return s;
}

char *tu_read_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tu_read_file(path, NULL);
}

static void add_field(char ***row, size_t *n, const char *s, size_t len)
{
    *row = realloc(*row, (*n + 1) * sizeof **row);
    (*row)[*n] = strndup(s, len);
    (*n)++;
}

int tu_csv_load(const char *path, tu_csv *out)
{
    memset(out, 0, sizeof *out);
    size_t len;
    char *t = tu_read_file(path, &len);
    if (!t)
        return -1;
    size_t i = 0;
    while (i < len) {
        char **row = NULL;
        size_t n = 0;
        for (;;) {
            char buf[4096];
            size_t bl = 0;
            if (t[i] == '"') {
                i++;
                while (i < len) {
                    if (t[i] == '"' && t[i + 1] == '"') {
                        buf[bl++] = '"';
                        i += 2;
                    } else if (t[i] == '"') {
                        i++;
                        break;
                    } else
                        buf[bl++] = t[i++];
                    if (bl >= sizeof buf - 1)
                        break;
                }
            } else {
                while (i < len && t[i] != ',' && t[i] != '\n' && t[i] != '\r' && bl < sizeof buf - 1)
                    buf[bl++] = t[i++];
            }
            add_field(&row, &n, buf, bl);
            if (i < len && t[i] == ',') {
                i++;
                continue;
            }
            if (i < len && t[i] == '\r')
                i++;
            if (i < len && t[i] == '\n')
                i++;
            break;
        }
        out->rows = realloc(out->rows, (out->nrows + 1) * sizeof *out->rows);
        out->rows[out->nrows++] = row;
        if (out->nrows == 1)
            out->ncols = n;
        else if (n != out->ncols) {
            free(t);
            return -2; /* ragged row: a torn or malformed CSV */
        }
    }
    free(t);
    return out->nrows ? 0 : -1;
}

void tu_csv_load_in(const char *dir, const char *name, tu_csv *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (tu_csv_load(path, out))
        fail_msg("cannot load %s", path);
}

void tu_csv_free(tu_csv *c)
{
    for (size_t r = 0; r < c->nrows; r++) {
        size_t n = r == 0 ? c->ncols : c->ncols;
        for (size_t k = 0; k < n; k++)
            free(c->rows[r][k]);
        free(c->rows[r]);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

int tu_csv_col(const tu_csv *c, const char *name)
{
    if (!c->nrows)
        return -1;
    for (size_t k = 0; k < c->ncols; k++)
        if (!strcmp(c->rows[0][k], name))
            return (int)k;
    return -1;
}

double tu_csv_num(const tu_csv *c, size_t r, const char *name)
{
    int k = tu_csv_col(c, name);
    if (k < 0 || r + 1 >= c->nrows)
        return NAN;
    return strtod(c->rows[r + 1][k], NULL);
}

/* $DB_SRC/<tree>/<kind>/<name><ext> (the source tree: "." without DB_SRC). */
static char *src_path(const char *tree, const char *kind, const char *name, const char *ext)
{
    const char *src = getenv("DB_SRC");
    if (!src)
        src = ".";
    size_t n = strlen(src) + strlen(tree) + strlen(kind) + strlen(name) + strlen(ext) + 4;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s/%s/%s%s", src, tree, kind, name, ext);
    return p;
}

char *tu_profile(const char *kind, const char *name)
{
    return src_path("profiles", kind, name, ".profile");
}

int tu_signal_after_rows(const char *const *args, const char *csv_path, size_t min_rows,
                         int timeout_ms, int sig)
{
    const char **argv = discbench_argv(args);
    pid_t pid = fork();
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    free(argv);
    for (int waited_ms = 0; waited_ms < timeout_ms; waited_ms += 20) {
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        tu_csv c;
        if (tu_csv_load(csv_path, &c) == 0) {
            size_t rows = c.nrows;
            tu_csv_free(&c);
            if (rows >= min_rows)
                break;
        }
    }
    kill(pid, sig);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

int tu_for_each_drive_profile(void (*fn)(const char *name, void *arg), void *arg)
{
    const char *src = getenv("DB_SRC");
    char dirpath[4096];
    snprintf(dirpath, sizeof dirpath, "%s/profiles/drives", src ? src : ".");
    DIR *d = opendir(dirpath);
    if (!d)
        return 0;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len <= 8 || strcmp(de->d_name + len - 8, ".profile"))
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len - 8), de->d_name);
        fn(name, arg);
        n++;
    }
    closedir(d);
    return n;
}

/* ---- a scratch directory per group ---- */

static char *scratch_dir;

int tu_scratch_open(const char *tag)
{
    scratch_dir = tu_tmpdir(tag);
    return scratch_dir ? 0 : -1;
}

int tu_scratch_close(void **state)
{
    (void)state;
    tu_rmrf(scratch_dir);
    free(scratch_dir);
    scratch_dir = NULL;
    return 0;
}

const char *tu_scratch(void)
{
    return scratch_dir;
}

const char *tu_in_scratch(const char *name)
{
    static char paths[16][700];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", scratch_dir, name);
    return p;
}

/* ---- summary.json fields ---- */

void tu_json_field(const char *json, const char *key, char *out, size_t len)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = json ? strstr(json, pat) : NULL;
    out[0] = '\0';
    if (!p)
        return;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    bool quoted = *p == '"';
    if (quoted)
        p++;
    size_t n = 0;
    while (*p && n + 1 < len && (quoted ? *p != '"' : (*p != ',' && *p != '\n' && *p != '}')))
        out[n++] = *p++;
    out[n] = '\0';
}

const char *tu_json_section(const char *json, const char *section)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\": {", section);
    const char *p = json ? strstr(json, pat) : NULL;
    return p ? p + strlen(pat) - 1 : NULL;
}

void tu_json_field_in(const char *json, const char *section, const char *key, char *out, size_t len)
{
    tu_json_field(tu_json_section(json, section), key, out, len);
}

/* ---- test data and the virtual drive ---- */

char *tu_data(const char *kind, const char *name)
{
    return src_path("tests/data", kind, name, "");
}

void tu_open_vdrive(db_drive *d, const char *drive, const char *disc)
{
    tu_open_vdrive_with(d, drive, disc, 0, NULL, 0);
}

void tu_open_vdrive_with(db_drive *d, const char *drive, const char *disc, uint64_t seed,
                         const char *const *faults, int nfaults)
{
    char *dp = drive[0] == '@' ? tu_profile("drives", drive + 1) : tu_data("vdrive", drive);
    char *mp = NULL;
    if (disc && disc[0] == '@')
        mp = tu_profile("media", disc + 1);
    else if (disc && strstr(disc, ".profile"))
        mp = tu_data("vdrive", disc);
    vdrive_config cfg = { .drive_profile = dp, .disc = mp ? mp : disc, .seed = seed, .faults = faults,
                          .nfaults = nfaults };
    vdrive *vd;
    db_error err = { 0 };
    if (vdrive_open(&cfg, &vd, &err))
        fail_msg("%s", err.msg);
    vdrive_attach(vd, "sim:test", d);
    free(dp);
    free(mp);
}

/* ---- scripted fake drives ---- */

void tu_sense(db_cmd_result *res, uint8_t key, uint8_t asc, uint8_t ascq)
{
    res->status = DB_CMD_CHECK;
    res->sense.key = key;
    res->sense.asc = asc;
    res->sense.ascq = ascq;
}

void tu_fake_attach(db_drive *d, const struct db_transport_ops *ops, const struct db_clock_ops *clock, void *ctx,
                    bool simulated)
{
    memset(d, 0, sizeof *d);
    d->ops = ops;
    d->ctx = ctx;
    d->clock.ops = clock;
    d->clock.ctx = ctx;
    d->simulated = simulated;
    snprintf(d->device, sizeof d->device, "fake:");
}

/* ---- disc images ---- */

static uint8_t bcd(unsigned v)
{
    return (uint8_t)((v / 10) << 4 | v % 10);
}

void tu_mode1_raw_sector(uint32_t lba, const void *user, uint8_t raw[2352])
{
    memset(raw, 0, 2352);
    memset(raw + 1, 0xFF, 10);
    uint32_t msf_frames = lba + 150;
    raw[12] = bcd(msf_frames / 4500);
    raw[13] = bcd(msf_frames / 75 % 60);
    raw[14] = bcd(msf_frames % 75);
    raw[15] = 1;
    memcpy(raw + 16, user, 2048);
}

/* ---- checking audio ---- */

uint32_t tu_crc32(uint32_t crc, const void *data, size_t n)
{
    /* the textbook table of the reflected polynomial, made on each call
     * (2,048 steps: nothing next to the megabytes a test checks) */
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        table[i] = c;
    }
    const uint8_t *p = data;
    crc = ~crc;
    while (n--)
        crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xFF];
    return ~crc;
}

uint32_t tu_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
