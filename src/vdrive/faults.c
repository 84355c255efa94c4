/* faults.c - the fault plan's syntax (faults.h).  Pure parsing: what a
 * fault does when it fires is faultexec.c's. */
#include "faults.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/kv.h"

static const char *const kind_names[VD_FAULT_KINDS] = {
    "medium", "hardware", "not-ready", "attention", "removed", "timeout", "short", "bad-length", "dead"
};

const char *vd_fault_kind_name(vd_fault_kind k)
{
    return (unsigned)k < VD_FAULT_KINDS ? kind_names[k] : "?";
}

/* Opcode names for op=: the commands a fault is most often aimed at. */
static const struct {
    const char *name;
    uint8_t op;
} op_names[] = {
    { "tur", 0x00 },      { "sense", 0x03 },    { "inquiry", 0x12 },  { "startstop", 0x1B },
    { "capacity", 0x25 }, { "read10", 0x28 },   { "seek", 0x2B },     { "toc", 0x43 },
    { "config", 0x46 },   { "discinfo", 0x51 }, { "modesense", 0x5A }, { "read12", 0xA8 },
    { "speed", 0xBB },    { "readcd", 0xBE },
};

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    long v;
    if (db_parse_long(s, &v) || v < 0 || (unsigned long)v > max)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static int parse_hex_byte(const char *s, uint8_t *out)
{
    if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
        s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 2)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return -1;
        v = v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10);
    }
    *out = (uint8_t)v;
    return 0;
}

static int parse_op(const char *s, int *out)
{
    for (size_t i = 0; i < sizeof op_names / sizeof op_names[0]; i++)
        if (!strcmp(s, op_names[i].name)) {
            *out = op_names[i].op;
            return 0;
        }
    uint8_t b;
    if (parse_hex_byte(s, &b))
        return -1;
    *out = b;
    return 0;
}

/* "KK/AA/QQ", hex. */
static int parse_sense(const char *s, vd_fault *f)
{
    char a[3][8];
    int n = 0;
    const char *p = s;
    while (n < 3) {
        size_t len = strcspn(p, "/");
        if (len == 0 || len >= sizeof a[0])
            return -1;
        memcpy(a[n], p, len);
        a[n][len] = '\0';
        n++;
        p += len;
        if (*p != '/')
            break;
        p++;
    }
    if (n != 3 || *p)
        return -1;
    if (parse_hex_byte(a[0], &f->key) || parse_hex_byte(a[1], &f->asc) || parse_hex_byte(a[2], &f->ascq))
        return -1;
    return f->key > 0x0F ? -1 : 0;
}

static void defaults(vd_fault *f, vd_fault_kind k)
{
    memset(f, 0, sizeof *f);
    f->kind = k;
    f->op = -1;
    f->ok_after = VD_FAULT_FOREVER;
    switch (k) {
    case VD_FAULT_MEDIUM: f->count = VD_FAULT_FOREVER; f->key = 0x03; f->asc = 0x11; break;
    case VD_FAULT_HARDWARE: f->count = 1; f->key = 0x04; f->asc = 0x44; break;
    case VD_FAULT_NOT_READY: f->count = 1; f->key = 0x02; f->asc = 0x04; f->ascq = 0x01; f->for_cmds = 3; break;
    case VD_FAULT_ATTENTION: f->count = 1; f->key = 0x06; f->asc = 0x28; break;
    case VD_FAULT_REMOVED: f->count = VD_FAULT_FOREVER; f->key = 0x02; f->asc = 0x3A; break;
    case VD_FAULT_DEAD: f->count = VD_FAULT_FOREVER; break;
    default: f->count = 1; break;
    }
}

/* One "KEY=VALUE" of a fault.  0, or -1 with why set. */
static int apply_key(vd_fault *f, const char *key, const char *val, const char **why)
{
    uint64_t v;
    if (!strcmp(key, "lba")) {
        const char *dash = strchr(val, '-');
        char first[32];
        size_t n = dash ? (size_t)(dash - val) : strlen(val);
        uint64_t a, b;
        if (n == 0 || n >= sizeof first)
            return *why = "lba= needs A or A-B", -1;
        memcpy(first, val, n);
        first[n] = '\0';
        if (parse_u64(first, UINT32_MAX - 1, &a) || (dash && parse_u64(dash + 1, UINT32_MAX - 1, &b)))
            return *why = "lba= needs A or A-B (sector numbers)", -1;
        if (!dash)
            b = a;
        if (b < a)
            return *why = "lba=A-B needs A <= B", -1;
        f->has_lba = true;
        f->lba_first = (uint32_t)a;
        f->lba_last = (uint32_t)b;
    } else if (!strcmp(key, "cmd")) {
        if (parse_u64(val, UINT64_MAX >> 1, &v) || v == 0)
            return *why = "cmd= needs a command number, 1 or more", -1;
        f->from_cmd = v;
    } else if (!strcmp(key, "ms")) {
        if (parse_u64(val, 86400000ull * 365, &v))
            return *why = "ms= needs milliseconds of drive time", -1;
        f->has_ms = true;
        f->from_ns = v * 1000000ull;
    } else if (!strcmp(key, "op")) {
        if (parse_op(val, &f->op))
            return *why = "op= needs an opcode: hex (28) or a name (read10, readcd, toc, ...)", -1;
    } else if (!strcmp(key, "count")) {
        if (parse_u64(val, VD_FAULT_FOREVER - 1, &v) || v == 0)
            return *why = "count= needs a number of commands, 1 or more", -1;
        f->count = (uint32_t)v;
    } else if (!strcmp(key, "ok-after") && f->kind == VD_FAULT_MEDIUM) {
        if (parse_u64(val, VD_FAULT_FOREVER - 1, &v))
            return *why = "ok-after= needs a number of failing reads", -1;
        f->ok_after = (uint32_t)v;
    } else if (!strcmp(key, "for") && f->kind == VD_FAULT_NOT_READY) {
        if (parse_u64(val, VD_FAULT_FOREVER - 1, &v) || v == 0)
            return *why = "for= needs a number of commands, 1 or more", -1;
        f->for_cmds = (uint32_t)v;
        f->for_time = false;
    } else if (!strcmp(key, "for-ms") && f->kind == VD_FAULT_NOT_READY) {
        if (parse_u64(val, 86400000ull, &v) || v == 0)
            return *why = "for-ms= needs milliseconds, 1 or more", -1;
        f->for_ns = v * 1000000ull;
        f->for_time = true;
    } else if (!strcmp(key, "bytes") && f->kind == VD_FAULT_SHORT) {
        if (parse_u64(val, 1u << 24, &v))
            return *why = "bytes= needs a byte count", -1;
        f->bytes = (uint32_t)v;
        f->has_bytes = true;
    } else if (!strcmp(key, "value") && f->kind == VD_FAULT_BAD_LENGTH) {
        if (parse_u64(val, UINT32_MAX, &v))
            return *why = "value= needs the length the field should claim", -1;
        f->value = (uint32_t)v;
        f->has_value = true;
    } else if (!strcmp(key, "sense") && f->kind != VD_FAULT_TIMEOUT && f->kind != VD_FAULT_DEAD &&
               f->kind != VD_FAULT_SHORT && f->kind != VD_FAULT_BAD_LENGTH) {
        if (parse_sense(val, f))
            return *why = "sense= needs KEY/ASC/ASCQ in hex, e.g. 04/09/00", -1;
    } else {
        return *why = "unknown key for this fault class (see docs/reliability.md)", -1;
    }
    return 0;
}

/* One fault: "CLASS[:KEY=VALUE]...", len bytes at s. */
static int parse_one(const char *s, size_t len, vd_fault *f, const char **why)
{
    char buf[256];
    if (len == 0)
        return *why = "empty fault", -1;
    if (len >= sizeof buf)
        return *why = "fault too long", -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *save = NULL;
    char *cls = strtok_r(buf, ":", &save);
    if (!cls)
        return *why = "empty fault", -1;
    int k = -1;
    for (int i = 0; i < VD_FAULT_KINDS; i++)
        if (!strcmp(cls, kind_names[i]))
            k = i;
    if (!strcmp(cls, "notready"))
        k = VD_FAULT_NOT_READY;
    else if (!strcmp(cls, "unit-attention"))
        k = VD_FAULT_ATTENTION;
    else if (!strcmp(cls, "badlen"))
        k = VD_FAULT_BAD_LENGTH;
    if (k < 0)
        return *why = "unknown fault class (medium, hardware, not-ready, attention, removed, timeout, "
                      "short, bad-length, dead)", -1;
    defaults(f, (vd_fault_kind)k);
    for (char *kv = strtok_r(NULL, ":", &save); kv; kv = strtok_r(NULL, ":", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq || eq == kv || !eq[1])
            return *why = "expected KEY=VALUE after the class", -1;
        *eq = '\0';
        if (apply_key(f, kv, eq + 1, why))
            return -1;
    }
    return 0;
}

int vd_fault_plan_parse(vd_fault_plan *p, const char *spec, db_error *err)
{
    if (!spec)
        return db_error_set(err, DB_EXIT_USAGE, "--fault needs a fault spec");
    vd_fault add[VD_FAULTS_MAX];
    int n = 0;
    const char *s = spec;
    for (;;) {
        size_t len = strcspn(s, ",");
        const char *why = NULL;
        if (p->n + n >= VD_FAULTS_MAX)
            return db_error_set(err, DB_EXIT_USAGE, "--fault '%.200s': at most %d faults in a plan", spec,
                                VD_FAULTS_MAX);
        if (parse_one(s, len, &add[n], &why))
            return db_error_set(err, DB_EXIT_USAGE, "--fault '%.200s': %s", spec, why);
        n++;
        if (!s[len])
            break;
        s += len + 1;
    }
    memcpy(p->f + p->n, add, (size_t)n * sizeof add[0]);
    p->n += n;
    return 0;
}
