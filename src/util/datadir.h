/* datadir.h - where discbench finds profiles/ and plots/.
 * Order (the first directory holding profiles/ wins):
 *   1. $DISCBENCH_DATA;
 *   2. the source tree, when the program runs from its build directory;
 *   3. PREFIX/share/discbench, PREFIX being a directory above the running
 *      executable or shared object (bin/discbench: one up;
 *      lib/discbench/libdiscbench-vdev.so: two up; at most three), so an
 *      install tree works wherever it is copied or unpacked;
 *   4. the compiled-in install directory (DB_INSTALL_DATADIR). */
#ifndef DB_UTIL_DATADIR_H
#define DB_UTIL_DATADIR_H

#include <stddef.h>

/* Copies the data directory into out; returns 0, or -1 when none of the
 * candidates exists (out then lists where it looked, for the message). */
int db_data_dir(char *out, size_t out_len);

/* The same; *rule (may be NULL) then says which of the rules above found it,
 * in words ("the install prefix of the binary"), for --help. */
int db_data_dir_rule(char *out, size_t out_len, const char **rule);

/* Resolve a profile: `name` may be a path (contains '/' or ends in
 * .profile and exists) or a bare name looked up in <datadir>/profiles/<kind>/
 * (kind = "drives" or "media").  Returns 0 with the path, -1 if not found. */
int db_find_profile(const char *kind, const char *name, char *out, size_t out_len);

/* Path of a gnuplot template <datadir>/plots/<name>.gpm. */
int db_find_plot_template(const char *name, char *out, size_t out_len);

#endif
