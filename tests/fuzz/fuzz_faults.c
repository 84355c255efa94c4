/* libFuzzer target: the fault-plan parser (src/vdrive/faults.c) and, for a
 * plan it accepts, the plan at work (faultexec.c) on a virtual drive
 * answering a fixed run of commands: identification, reads across the
 * disc, a vendor scan step, a SEEK. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/drive.h"
#include "drive/mmc.h"
#include "vdrive/faults.h"
#include "vdrive/vdrive.h"
#include "vdrive/vdrive_int.h"

static vdrive *shared;

/* One virtual drive for all inputs: its plan is replaced each time. */
static vdrive *drive(void)
{
    if (shared)
        return shared;
    const char *src = getenv("DB_SRC");
    char path[4096];
    snprintf(path, sizeof path, "%s/profiles/drives/liteon-ltr40125s.profile", src ? src : DB_SOURCE_DIR);
    vdrive_config cfg = { .drive_profile = path, .disc = "synthetic:5", .seed = 1 };
    db_error err = { 0 };
    if (vdrive_open(&cfg, &shared, &err)) {
        fprintf(stderr, "fuzz_faults: %s\n", err.msg);
        abort();
    }
    return shared;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    if (!spec)
        return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    vd_fault_plan plan = { .n = 0 };
    db_error err = { 0 };
    int rc = vd_fault_plan_parse(&plan, spec, &err);
    free(spec);
    if (rc)
        return 0;
    vdrive *vd = drive();
    vd->faults = plan;
    db_drive d;
    vdrive_attach(vd, "sim:fuzz", &d); /* not closed: the drive stays for the next input */
    static uint8_t buf[16 * 2352];
    db_cmd_result res;
    uint8_t cdb[DB_CDB_MAX];
    for (int i = 0; i < 24; i++) {
        size_t n;
        size_t len = 0;
        switch (i % 8) {
        case 0: n = db_mmc_cdb_test_unit_ready(cdb); break;
        case 1: n = db_mmc_cdb_inquiry(cdb, 96); len = 96; break;
        case 2: n = db_mmc_cdb_read_toc(cdb, 0, false, 0, 804); len = 804; break;
        case 3: n = db_mmc_cdb_read10(cdb, (uint32_t)(i * 997 % 22000), 8); len = 8 * 2048; break;
        case 4: n = db_mmc_cdb_read_cd(cdb, MMC_SECTOR_ANY, (uint32_t)(i * 1553 % 22000), 4, 0xF8, 0); len = 4 * 2352; break;
        case 5: n = db_mmc_cdb_seek10(cdb, (uint32_t)(i * 311 % 22000)); break;
        case 6: n = db_mmc_cdb_mode_sense10(cdb, 0x2A, 256); len = 256; break;
        default: n = db_mmc_cdb_set_cd_speed(cdb, 0xFFFF); break;
        }
        db_drive_exec(&d, cdb, n, len ? DB_DIR_READ : DB_DIR_NONE, len ? buf : NULL, len, 30000, &res);
    }
    return 0;
}
