/* libFuzzer target: every parser of a drive's reply (drive data is
 * untrusted: lengths must be checked before use) - INQUIRY, READ CAPACITY,
 * READ TOC formats 0, 1, 2 (full TOC) and 4 (ATIP), MODE SENSE page 2A,
 * GET CONFIGURATION, sense data, and the vendor C1/C2 replies of Lite-On
 * (old and new protocol) and Plextor - each fed the same bytes. */
#include <stddef.h>
#include <stdint.h>

#include "drive/mmc.h"
#include "drive/mmcinfo.h"
#include "drive/vendor_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mmc_inquiry inq;
    db_mmc_parse_inquiry(data, size, &inq);
    mmc_capacity cap;
    db_mmc_parse_read_capacity(data, size, &cap);
    mmc_toc toc;
    db_mmc_parse_toc(data, size, &toc);
    mmc_caps caps;
    db_mmc_parse_caps_page(data, size, &caps);
    db_sense sense;
    db_mmc_parse_sense(data, size, &sense);
    static mmc_config cfg; /* large: off the stack */
    db_mmc_parse_config(data, size, &cfg);
    mmc_session_info si;
    db_mmc_parse_session_info(data, size, &si);
    static mmc_fulltoc ft;
    db_mmc_parse_fulltoc(data, size, &ft);
    mmc_atip atip;
    db_mmc_parse_atip(data, size, &atip);
    db_errc_reply rep;
    char why[200];
    db_liteon_parse_old(data, size, &rep, why, sizeof why);
    db_liteon_parse_new(data, size, &rep, why, sizeof why);
    db_plextor_parse(data, size, &rep, why, sizeof why);
    return 0;
}
