/* scanproto.c - the vendor C1/C2 protocol family of a drive, from its
 * INQUIRY identity.  The rows are public facts: which drives QPxTool's
 * liteon and plextor plugins list (speed47/qpxtool,
 * plugins/liteon/qscan_plugin.h and plugins/plextor/qscan_plugin.h), and
 * DESIGN.md (the LTR-40125S generation of Lite-On CD-RW drives speaks the
 * old protocol, later DVD writers the new one).  A vendor match is enough:
 * the brief warns against blocking drives by a model list (qpxtool#17),
 * so any LITE-ON or PLEXTOR drive gets its family, and exceptions (OEM
 * drives built on another maker's chipset) come first. */
#include "scanproto.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Whether the error scan test implements a family in this version: flip
 * when a protocol lands. */
#define LITEON_IMPLEMENTED true   /* quality: quality_proto.c */
#define PLEXTOR_IMPLEMENTED true

struct row {
    const char *vendor;          /* INQUIRY vendor, compared case-insensitively */
    const char *product_prefix;  /* "" = any product */
    db_scan_kind family;
    const char *variant;
    const char *basis;
};

static const struct row rows[] = {
    /* Plextor DVD writers built by Lite-On (QPxTool lists them in its
     * liteon plugin, not the plextor one) */
    { "PLEXTOR", "DVDR   PX-8", DB_SCAN_FAMILY_LITEON, "new",
      "Plextor PX-8xx DVD writers are Lite-On built (QPxTool liteon plugin list)" },
    { "PLEXTOR", "CD-R   PREMIUM", DB_SCAN_FAMILY_PLEXTOR, "",
      "Plextor Premium (PlexTools Q-Check; QPxTool plextor plugin list)" },
    { "PLEXTOR", "DVDR   PX-7", DB_SCAN_FAMILY_PLEXTOR, "",
      "Plextor PX-7xx (PlexTools Q-Check; QPxTool plextor plugin list)" },
    { "PLEXTOR", "", DB_SCAN_FAMILY_PLEXTOR, "",
      "vendor PLEXTOR (PlexTools Q-Check; QPxTool lists only the Premium and PX-7xx models)" },
    /* Lite-On CD-RW drives (LTR-...) are the old protocol's generation */
    { "LITE-ON", "LTR-", DB_SCAN_FAMILY_LITEON, "old",
      "vendor LITE-ON, LTR CD-RW generation (old DF-opcode protocol)" },
    { "LITE-ON", "", DB_SCAN_FAMILY_LITEON, "", "vendor LITE-ON" },
    { "LITEON", "", DB_SCAN_FAMILY_LITEON, "", "vendor LITEON" },
    /* OEM drives on Lite-On / MediaTek designs (QPxTool liteon plugin list) */
    { "SONY", "DVD RW DRU-", DB_SCAN_FAMILY_LITEON, "new", "Sony DRU drives are Lite-On built" },
    { "SONY", "DVD RW DW-", DB_SCAN_FAMILY_LITEON, "new", "Sony DW drives are Lite-On built" },
    { "SONY", "DVD+RW DW-", DB_SCAN_FAMILY_LITEON, "new", "Sony DW drives are Lite-On built" },
    { "TEAC", "DV-W5", DB_SCAN_FAMILY_LITEON, "new", "TEAC DV-W5xx drives are Lite-On built" },
    { "Optiarc", "DVD RW AD-7191", DB_SCAN_FAMILY_LITEON, "new", "Optiarc AD-7191 is Lite-On built" },
    { "Slimtype", "", DB_SCAN_FAMILY_LITEON, "new", "Slimtype is Lite-On's slim drive brand" },
    { "ATAPI", "iHBS", DB_SCAN_FAMILY_LITEON, "new", "ATAPI iHBS drives are Lite-On built" },
};

const char *db_scan_family_name(db_scan_kind f)
{
    switch (f) {
    case DB_SCAN_FAMILY_LITEON: return "liteon";
    case DB_SCAN_FAMILY_PLEXTOR: return "plextor";
    default: return "none";
    }
}

void db_scan_family_for(const char *vendor, const char *product, db_scan_match *out)
{
    memset(out, 0, sizeof *out);
    out->family = DB_SCAN_FAMILY_NONE;
    out->name = "none";
    out->variant = "";
    out->basis = "no vendor C1/C2 protocol is known for this drive's vendor";
    if (!vendor || !product)
        return;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        if (strcasecmp(vendor, r->vendor) != 0)
            continue;
        if (strncasecmp(product, r->product_prefix, strlen(r->product_prefix)) != 0)
            continue;
        out->family = r->family;
        out->name = db_scan_family_name(r->family);
        out->variant = r->variant;
        out->basis = r->basis;
        out->by_vendor_only = r->product_prefix[0] == '\0';
        out->implemented = r->family == DB_SCAN_FAMILY_LITEON ? LITEON_IMPLEMENTED
                                                              : PLEXTOR_IMPLEMENTED;
        return;
    }
}

const char *db_scan_family(const mmc_inquiry *inq)
{
    db_scan_match m;
    db_scan_family_for(inq ? inq->vendor : NULL, inq ? inq->product : NULL, &m);
    return m.family == DB_SCAN_FAMILY_NONE ? NULL : m.name;
}
