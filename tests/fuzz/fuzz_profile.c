/* libFuzzer target: the profile parser (src/util/kv.c) and what reads its
 * result - drive and media profiles (src/vdrive/profile.c and the [errors],
 * [atip], [dae] sections) - and the ATIP manufacturer table
 * (src/drive/atip.c), on any bytes.  Errors are fine; crashes, leaks and
 * undefined behaviour are findings. */
#include <stddef.h>
#include <stdint.h>

#include "drive/atip.h"
#include "util/kv.h"
#include "vdrive/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kv_file kv;
    db_error err = { 0 };
    if (kv_parse("fuzz.profile", (const char *)data, size, &kv, &err) == 0) {
        vd_drive_profile dp;
        vd_drive_profile_from_kv(&kv, &dp, &err);
        kv_free(&kv);
    }
    if (kv_parse("fuzz.profile", (const char *)data, size, &kv, &err) == 0) {
        vd_media_profile mp;
        vd_media_profile_from_kv(&kv, &mp, &err);
        kv_free(&kv);
    }
    db_atip_table t;
    if (db_atip_table_parse("fuzz.tsv", (const char *)data, size, &t, &err) == 0)
        db_atip_table_free(&t);
    return 0;
}
