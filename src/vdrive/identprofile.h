/* identprofile.h - the profile keys behind the drive's and disc's identity
 * beyond INQUIRY: [drive] c2 / writes and the [atip] keys past lead_in and
 * manufacturer (docs/profiles.md).  Called by profile.c. */
#ifndef DB_VDRIVE_IDENTPROFILE_H
#define DB_VDRIVE_IDENTPROFILE_H

#include "profile.h"

/* [drive] c2 (default 294) and writes (default CD-RW). */
int vd_ident_drive_from_kv(kv_file *kv, vd_drive_profile *out, db_error *err);

/* [atip] lead_out, sub_type, writing_power, reference_speed_x,
 * speed_low_x / speed_high_x, unrestricted.  out->type, capacity_sectors
 * and has_atip must be set; without [atip] it only sets defaults. */
int vd_atip_extra_from_kv(kv_file *kv, vd_media_profile *out, db_error *err);

/* Short names for messages and JSON: "none", "294", "296", "broken";
 * "none", "CD-R", "CD-RW". */
const char *vd_c2_name(vd_c2 c);
const char *vd_writes_name(vd_writes w);
/* The profile's interface word ("udma2"), for db_drive.link. */
const char *vd_interface_word(vd_interface i);

#endif
