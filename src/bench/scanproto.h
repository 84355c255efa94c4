/* scanproto.h - which vendor C1/C2 scan protocol family a drive speaks,
 * chosen from its INQUIRY identity (one table, scanproto.c).  The error
 * scan test implements the protocols; this only names the family, so that
 * `info` can say what applies and a later `--protocol` option can force
 * another one (read-only commands only, whatever the family). */
#ifndef DB_BENCH_SCANPROTO_H
#define DB_BENCH_SCANPROTO_H

#include <stdbool.h>

#include "../drive/mmc.h"

typedef enum db_scan_kind {
    DB_SCAN_FAMILY_NONE = 0,
    DB_SCAN_FAMILY_LITEON,   /* Lite-On / MediaTek-based: DF xx (old) or F3 0E (new) */
    DB_SCAN_FAMILY_PLEXTOR   /* Plextor (PlexTools Q-Check): EA 15 / EA 16 / EA 17 */
} db_scan_kind;

typedef struct db_scan_match {
    db_scan_kind family;
    const char *name;        /* "liteon", "plextor", "none" */
    const char *variant;     /* liteon: "old" for the LTR CD-RW generation, "new" for
                              * DVD writers, "" when not known (a tool tries new, then old) */
    const char *basis;       /* what in the identity chose it, for the user */
    bool by_vendor_only;     /* chosen by the vendor alone: the model is not one
                              * public tools list, so it may not answer */
    bool implemented;        /* this version of discbench can run it */
} db_scan_match;

/* Vendor and product as INQUIRY returns them (trimmed). */
void db_scan_family_for(const char *vendor, const char *product, db_scan_match *out);

/* The same from an INQUIRY: "liteon", "plextor", or NULL when no family
 * applies (what the quality test chooses its protocol by). */
const char *db_scan_family(const mmc_inquiry *inq);

/* "liteon", "plextor", "none" */
const char *db_scan_family_name(db_scan_kind f);

#endif
