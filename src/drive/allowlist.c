/* allowlist.c - the read-only opcode allowlist and opcode names.
 *
 * discbench must never write to a disc or a drive (no WRITE, no WRITE
 * BUFFER: that is how firmware gets flashed, no FORMAT, no mode changes).
 * The rule is an allowlist, not a blocklist: an opcode nobody thought of is
 * refused.  Each allowed command is one row {opcode, CDB length, name,
 * optional check of the CDB}; the vendor C1/C2 scan protocols will be added
 * as rows of the same table, one per read-only sub-command, so several rows
 * may share an opcode (a CDB passes when any row for its opcode accepts it). */
#include "drive.h"

#include <stdio.h>

typedef bool (*cdb_check_fn)(const uint8_t *cdb, size_t cdb_len, char *why, size_t why_len);

struct allowed_cmd {
    uint8_t opcode;
    uint8_t cdb_len;    /* 0: the length the opcode's group defines (SPC) */
    const char *name;
    cdb_check_fn check; /* NULL: every CDB with this opcode is read-only */
};

/* START STOP UNIT byte 4: bits 7..4 power condition, bit 2 FL, bit 1 LoEj,
 * bit 0 Start.  Only spin-up / spin-down is allowed: LoEj would open or
 * close the tray, and power conditions and FL are not ours to change. */
static bool start_stop_ok(const uint8_t *cdb, size_t cdb_len, char *why, size_t why_len)
{
    (void)cdb_len;
    if (cdb[4] & 0x02) {
        snprintf(why, why_len, "START STOP UNIT 0x1B with LoEj set would eject or load the disc");
        return false;
    }
    if (cdb[4] & 0xFE) {
        snprintf(why, why_len,
                 "START STOP UNIT 0x1B may only spin the disc up or down (byte 4 = 0x%02X)", cdb[4]);
        return false;
    }
    return true;
}

/* Vendor C1/C2 scan commands (public facts from QPxTool's plugins/liteon
 * and plugins/plextor; builders in vendor_scan.c).  A CDB passes only when
 * it is byte for byte one of the commands discbench sends: the sub-command
 * bytes pinned, every other byte zero.  Everything else in these vendor
 * opcode spaces (firmware, settings, write strategies) stays refused. */
typedef uint8_t vendor_cdb[12];

static bool vendor_match(const uint8_t *cdb, size_t cdb_len, const vendor_cdb *pats, size_t n,
                         const char *family, char *why, size_t why_len)
{
    for (size_t i = 0; i < n; i++) {
        bool same = true;
        /* a 10-byte form is the same command when the pattern's last two
         * bytes are zero (tools send both lengths: qscan ends with DF A3 01
         * in 10 bytes) */
        for (size_t k = 0; k < 12 && same; k++)
            same = (k < cdb_len ? cdb[k] : 0) == pats[i][k];
        if (same)
            return true;
    }
    snprintf(why, why_len,
             "vendor-specific opcode 0x%02X: %02X %02X %02X .. is not one of the read-only %s "
             "scan commands discbench sends", cdb[0], cdb[0], cdb[1], cdb[2], family);
    return false;
}

#define VENDOR_CHECK(fn, family, ...)                                                       \
    static bool fn(const uint8_t *cdb, size_t cdb_len, char *why, size_t why_len)          \
    {                                                                                       \
        static const vendor_cdb pats[] = { __VA_ARGS__ };                                  \
        return vendor_match(cdb, cdb_len, pats, sizeof pats / sizeof pats[0], family, why,  \
                            why_len);                                                       \
    }

/* Lite-On old protocol: start / end, set-up steps, scan one second, read
 * and reset its counters. */
VENDOR_CHECK(liteon_a3_ok, "Lite-On", { 0xDF, 0xA3, 0x00 }, { 0xDF, 0xA3, 0x01 })
VENDOR_CHECK(liteon_a0_ok, "Lite-On", { 0xDF, 0xA0, 0, 0, 0x00 }, { 0xDF, 0xA0, 0, 0, 0x02 },
             { 0xDF, 0xA0, 0, 0, 0x04 })
VENDOR_CHECK(liteon_scan_ok, "Lite-On", { 0xDF, 0x82, 0x09 })
VENDOR_CHECK(liteon_counters_ok, "Lite-On", { 0xDF, 0x82, 0x05 })
VENDOR_CHECK(liteon_reset_ok, "Lite-On", { 0xDF, 0x97 })
/* Lite-On new protocol: CD C1/C2 (byte 8 = 00; 10 = DVD is not ours). */
VENDOR_CHECK(liteon_f3_ok, "Lite-On", { 0xF3, 0x0E })
/* Plextor Q-Check: start a CD C1/C2 test, read its counters, end it. */
VENDOR_CHECK(plextor_start_ok, "Plextor", { 0xEA, 0x15, 0x00, 0x01, 0, 0, 0, 0, 0, 0x02 })
VENDOR_CHECK(plextor_counters_ok, "Plextor", { 0xEA, 0x16, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x1A })
VENDOR_CHECK(plextor_end_ok, "Plextor", { 0xEA, 0x17 })

static const struct allowed_cmd allowed[] = {
    { 0x00, 0, "TEST UNIT READY", NULL },
    { 0x03, 0, "REQUEST SENSE", NULL },
    { 0x12, 0, "INQUIRY", NULL },
    { 0x1A, 0, "MODE SENSE(6)", NULL },
    { 0x1B, 0, "START STOP UNIT", start_stop_ok },
    { 0x25, 0, "READ CAPACITY", NULL },
    { 0x28, 0, "READ(10)", NULL },
    { 0x2B, 0, "SEEK(10)", NULL },
    { 0x42, 0, "READ SUB-CHANNEL", NULL },
    { 0x43, 0, "READ TOC/PMA/ATIP", NULL },
    { 0x46, 0, "GET CONFIGURATION", NULL },
    { 0x4A, 0, "GET EVENT STATUS NOTIFICATION", NULL },
    { 0x51, 0, "READ DISC INFORMATION", NULL },
    { 0x52, 0, "READ TRACK INFORMATION", NULL },
    { 0x5A, 0, "MODE SENSE(10)", NULL },
    { 0xA8, 0, "READ(12)", NULL },
    { 0xAC, 0, "GET PERFORMANCE", NULL },
    { 0xAD, 0, "READ DISC STRUCTURE", NULL },
    { 0xB9, 0, "READ CD MSF", NULL },
    { 0xBB, 0, "SET CD SPEED", NULL },
    { 0xBD, 0, "MECHANISM STATUS", NULL },
    { 0xBE, 0, "READ CD", NULL },
    /* Vendor scan protocols: a row per read-only sub-command, cdb_len set
     * (vendor groups define no length), a check pinning every byte. */
    { 0xDF, 12, "LITE-ON SCAN START/END (DF A3)", liteon_a3_ok },
    { 0xDF, 12, "LITE-ON SCAN SET-UP (DF A0)", liteon_a0_ok },
    { 0xDF, 12, "LITE-ON SCAN INTERVAL (DF 82 09)", liteon_scan_ok },
    { 0xDF, 12, "LITE-ON READ COUNTERS (DF 82 05)", liteon_counters_ok },
    { 0xDF, 12, "LITE-ON RESET COUNTERS (DF 97)", liteon_reset_ok },
    { 0xF3, 12, "LITE-ON CD ERROR SCAN (F3 0E)", liteon_f3_ok },
    { 0xEA, 12, "PLEXTOR Q-CHECK START (EA 15)", plextor_start_ok },
    { 0xEA, 12, "PLEXTOR Q-CHECK COUNTERS (EA 16)", plextor_counters_ok },
    { 0xEA, 12, "PLEXTOR Q-CHECK END (EA 17)", plextor_end_ok },
};

/* Commands that are refused with a reason of their own, because they are
 * the ones that change a disc or a drive.  Names only for the rest. */
struct refused_cmd {
    uint8_t opcode;
    const char *name;
    const char *reason; /* NULL: just not on the allowlist */
};

static const struct refused_cmd refused[] = {
    { 0x04, "FORMAT UNIT", "it formats the medium" },
    { 0x0A, "WRITE(6)", "it writes to the disc" },
    { 0x15, "MODE SELECT(6)", "it changes drive settings" },
    { 0x1E, "PREVENT ALLOW MEDIUM REMOVAL", "it locks or unlocks the tray" },
    { 0x23, "READ FORMAT CAPACITIES", NULL },
    { 0x2A, "WRITE(10)", "it writes to the disc" },
    { 0x2E, "WRITE AND VERIFY(10)", "it writes to the disc" },
    { 0x2F, "VERIFY(10)", NULL },
    { 0x35, "SYNCHRONIZE CACHE", "it flushes the drive's write cache to the disc" },
    { 0x3B, "WRITE BUFFER", "it writes drive memory: this is how firmware is flashed" },
    { 0x3C, "READ BUFFER", "its modes are vendor-specific and discbench does not need it" },
    { 0x45, "PLAY AUDIO(10)", NULL },
    { 0x47, "PLAY AUDIO MSF", NULL },
    { 0x4B, "PAUSE/RESUME", NULL },
    { 0x4E, "STOP PLAY/SCAN", NULL },
    { 0x53, "RESERVE TRACK", "it reserves a track for writing" },
    { 0x54, "SEND OPC INFORMATION", "it sets the laser power calibration for writing" },
    { 0x55, "MODE SELECT(10)", "it changes drive settings" },
    { 0x58, "REPAIR TRACK", "it writes to the disc" },
    { 0x5B, "CLOSE TRACK/SESSION", "it writes to the disc" },
    { 0x5C, "READ BUFFER CAPACITY", NULL },
    { 0x5D, "SEND CUE SHEET", "it prepares the drive to write a disc" },
    { 0xA1, "BLANK", "it erases the disc" },
    { 0xA2, "SECURITY PROTOCOL IN", NULL },
    { 0xA3, "SEND KEY", "it sends content-protection keys and can change the drive's region" },
    { 0xA4, "REPORT KEY", NULL },
    { 0xA6, "LOAD/UNLOAD MEDIUM", "it loads or ejects a disc" },
    { 0xA7, "SET READ AHEAD", "it changes drive settings" },
    { 0xAA, "WRITE(12)", "it writes to the disc" },
    { 0xB5, "SECURITY PROTOCOL OUT", "it sends data to the drive" },
    { 0xB6, "SET STREAMING", "it changes the drive's streaming and write settings" },
    { 0xBA, "SCAN", NULL },
    { 0xBF, "SEND DISC STRUCTURE", "it writes disc structures" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* CDB length by opcode group (bits 7..5), SPC: groups 3 (reserved) and
 * 6/7 (vendor) define none, so their rows must state one. */
static size_t group_cdb_len(uint8_t opcode)
{
    switch (opcode >> 5) {
    case 0: return 6;
    case 1: case 2: return 10;
    case 4: return 16;
    case 5: return 12;
    default: return 0;
    }
}

static const struct refused_cmd *find_refused(uint8_t opcode)
{
    for (size_t i = 0; i < COUNT(refused); i++)
        if (refused[i].opcode == opcode)
            return &refused[i];
    return NULL;
}

const char *db_opcode_name(uint8_t opcode)
{
    for (size_t i = 0; i < COUNT(allowed); i++)
        if (allowed[i].opcode == opcode)
            return allowed[i].name;
    const struct refused_cmd *r = find_refused(opcode);
    return r ? r->name : "?";
}

static void refuse_unlisted(uint8_t opcode, char *why, size_t why_len)
{
    const struct refused_cmd *r = find_refused(opcode);
    if (r && r->reason)
        snprintf(why, why_len, "%s 0x%02X is not a read-only command: %s", r->name, opcode,
                 r->reason);
    else if (r)
        snprintf(why, why_len, "%s 0x%02X is not on the read-only allowlist", r->name, opcode);
    else if (opcode >= 0xC0)
        snprintf(why, why_len,
                 "vendor-specific opcode 0x%02X is not on the read-only allowlist "
                 "(only known read-only scan protocols are sent)", opcode);
    else
        snprintf(why, why_len, "opcode 0x%02X is not on the read-only allowlist", opcode);
}

bool db_allowlist_permits(const uint8_t *cdb, size_t cdb_len, db_dir dir,
                          char *why, size_t why_len)
{
    /* Write the reasons into a local buffer so a NULL/0 `why` is fine. */
    char buf[200];
    bool ok = false;

    if (!cdb || cdb_len == 0) {
        snprintf(buf, sizeof buf, "empty CDB");
    } else if (cdb_len > DB_CDB_MAX) {
        snprintf(buf, sizeof buf, "a %zu-byte CDB is longer than %d bytes", cdb_len, DB_CDB_MAX);
    } else if (dir != DB_DIR_NONE && dir != DB_DIR_READ) {
        /* There is no write direction; anything else is a corrupt value. */
        snprintf(buf, sizeof buf, "%s 0x%02X: unknown data direction %d (only none and read exist)",
                 db_opcode_name(cdb[0]), cdb[0], (int)dir);
    } else {
        bool listed = false;
        snprintf(buf, sizeof buf, "?");
        for (size_t i = 0; i < COUNT(allowed) && !ok; i++) {
            const struct allowed_cmd *a = &allowed[i];
            if (a->opcode != cdb[0])
                continue;
            listed = true;
            size_t want = a->cdb_len ? a->cdb_len : group_cdb_len(a->opcode);
            /* vendor commands: 12 bytes, or 10 when the check allows it */
            bool vendor_short = a->opcode >= 0xC0 && want == 12 && cdb_len == 10;
            if (want != cdb_len && !vendor_short)
                snprintf(buf, sizeof buf, "%s 0x%02X takes a %zu-byte CDB, not %zu", a->name,
                         a->opcode, want, cdb_len);
            else if (!a->check || a->check(cdb, cdb_len, buf, sizeof buf))
                ok = true;
        }
        if (!listed)
            refuse_unlisted(cdb[0], buf, sizeof buf);
    }
    if (ok)
        buf[0] = '\0';
    if (why && why_len)
        snprintf(why, why_len, "%s", buf);
    return ok;
}
