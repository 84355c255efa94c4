/* datadir.h - where discbench finds profiles/ and plots/.
 * Order: $DISCBENCH_DATA, the source tree the binary was built from, the
 * install prefix (share/discbench).  The first that has profiles/ wins. */
#ifndef DB_UTIL_DATADIR_H
#define DB_UTIL_DATADIR_H

#include <stddef.h>

/* Copies the data directory into out; returns 0, or -1 when none of the
 * candidates exists (out then lists where it looked, for the message). */
int db_data_dir(char *out, size_t out_len);

/* Resolve a profile: `name` may be a path (contains '/' or ends in
 * .profile and exists) or a bare name looked up in <datadir>/profiles/<kind>/
 * (kind = "drives" or "media").  Returns 0 with the path, -1 if not found. */
int db_find_profile(const char *kind, const char *name, char *out, size_t out_len);

/* Path of a gnuplot template <datadir>/plots/<name>.gpm. */
int db_find_plot_template(const char *name, char *out, size_t out_len);

#endif
