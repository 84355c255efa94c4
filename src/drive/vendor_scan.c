/* vendor_scan.c - vendor C1/C2 scan CDBs and replies (see vendor_scan.h). */
#include "vendor_scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"

/* Scanning one second takes the drive about a second at 1x; allow slow
 * drives and bad discs plenty. */
#define VENDOR_TIMEOUT_MS 30000u

const uint8_t db_liteon_setup_steps[4] = { 0x02, 0x00, 0x04, 0x02 };

static size_t vendor_cdb(uint8_t cdb[DB_CDB_MAX], uint8_t op, uint8_t b1, uint8_t b2)
{
    memset(cdb, 0, DB_CDB_MAX);
    cdb[0] = op;
    cdb[1] = b1;
    cdb[2] = b2;
    return 12;
}

size_t db_liteon_cdb_start(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xDF, 0xA3, 0x00); }
size_t db_liteon_cdb_end(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xDF, 0xA3, 0x01); }
size_t db_liteon_cdb_scan(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xDF, 0x82, 0x09); }
size_t db_liteon_cdb_counters(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xDF, 0x82, 0x05); }
size_t db_liteon_cdb_reset(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xDF, 0x97, 0x00); }

size_t db_liteon_cdb_setup(uint8_t cdb[DB_CDB_MAX], uint8_t step)
{
    size_t n = vendor_cdb(cdb, 0xDF, 0xA0, 0x00);
    if (step != 0x00 && step != 0x02 && step != 0x04) {
        memset(cdb, 0, DB_CDB_MAX);
        return 0;
    }
    cdb[4] = step;
    return n;
}

/* byte 8 = 0x00: CD C1/C2 (0x10 would ask a DVD drive for PI/PIF) */
size_t db_liteon_cdb_scan_new(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xF3, 0x0E, 0x00); }

/* byte 3 = 01: CD; byte 9 = 02: the C1/C2 test */
size_t db_plextor_cdb_start(uint8_t cdb[DB_CDB_MAX])
{
    size_t n = vendor_cdb(cdb, 0xEA, 0x15, 0x00);
    cdb[3] = 0x01;
    cdb[9] = 0x02;
    return n;
}

/* byte 2 = 01: the C1/C2 counters; byte 10: allocation length 26 */
size_t db_plextor_cdb_counters(uint8_t cdb[DB_CDB_MAX])
{
    size_t n = vendor_cdb(cdb, 0xEA, 0x16, 0x01);
    cdb[10] = DB_PLEXTOR_REPLY;
    return n;
}

size_t db_plextor_cdb_end(uint8_t cdb[DB_CDB_MAX]) { return vendor_cdb(cdb, 0xEA, 0x17, 0x00); }

__attribute__((format(printf, 3, 4)))
static int fault(char *why, size_t why_len, const char *fmt, ...)
{
    if (why && why_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int check_counts(const db_errc_reply *r, char *why, size_t why_len)
{
    if (r->c1 > DB_FRAMES_PER_S)
        return fault(why, why_len, "impossible count: C1 %u in one second (at most %u frames)", r->c1,
                     DB_FRAMES_PER_S);
    if (r->c2 > DB_FRAMES_PER_S)
        return fault(why, why_len, "impossible count: C2 %u in one second (at most %u frames)", r->c2,
                     DB_FRAMES_PER_S);
    if (r->cu > DB_FRAMES_PER_S)
        return fault(why, why_len, "impossible count: CU %u in one second (at most %u frames)", r->cu,
                     DB_FRAMES_PER_S);
    return 0;
}

/* DF 82 05: 0-1 BLER, 2-3 E22 (big-endian), 4 E32. */
int db_liteon_parse_old(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 5)
        return fault(why, why_len, "wrong reply length: %u bytes, the counters need %u", (unsigned)len, 5);
    out->c1 = db_get_be16(buf);
    out->c2 = db_get_be16(buf + 2);
    out->cu = buf[4];
    out->has_cu = true;
    return check_counts(out, why, why_len);
}

/* F3 0E: 1-3 binary M, S, F (lba = M*4500 + S*75 + F), 4-5 BLER, 6-7 E22. */
int db_liteon_parse_new(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < 8)
        return fault(why, why_len, "wrong reply length: %u bytes, position and counters need %u",
                     (unsigned)len, 8);
    if (buf[2] >= 60 || buf[3] >= 75)
        return fault(why, why_len, "impossible position: second %u, frame %u", buf[2], buf[3]);
    out->has_pos = true;
    out->pos_lba = (uint32_t)buf[1] * 4500u + (uint32_t)buf[2] * 75u + buf[3];
    out->c1 = db_get_be16(buf + 4);
    out->c2 = db_get_be16(buf + 6);
    return check_counts(out, why, why_len);
}

/* EA 16: big-endian 16-bit counters at 10 BLER, 12 E31, 14 E21, 16 E11,
 * 20 E32, 22 E22, 24 E12 (18: uncorrectable, unused: QPxTool itself is
 * unsure whether 18 or 20 holds E32). */
int db_plextor_parse(const uint8_t *buf, size_t len, db_errc_reply *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof *out);
    if (!buf || len < DB_PLEXTOR_REPLY)
        return fault(why, why_len, "wrong reply length: %u bytes, the counters need %u", (unsigned)len,
                     DB_PLEXTOR_REPLY);
    out->c1 = db_get_be16(buf + 10);
    out->e31 = db_get_be16(buf + 12);
    out->e21 = db_get_be16(buf + 14);
    out->e11 = db_get_be16(buf + 16);
    out->cu = db_get_be16(buf + 20);
    out->c2 = db_get_be16(buf + 22);
    out->e12 = db_get_be16(buf + 24);
    out->has_cu = true;
    if (out->c1 != out->e11 + out->e21 + out->e31)
        return fault(why, why_len, "impossible counts: BLER %u is not E11+E21+E31 = %u", out->c1,
                     out->e11 + out->e21 + out->e31);
    return check_counts(out, why, why_len);
}

int db_vendor_exec(db_drive *d, const uint8_t *cdb, size_t cdb_len, void *buf, size_t buf_len,
                   db_cmd_result *res)
{
    return db_drive_exec(d, cdb, cdb_len, buf_len ? DB_DIR_READ : DB_DIR_NONE, buf, buf_len,
                         VENDOR_TIMEOUT_MS, res);
}
