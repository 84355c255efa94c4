/* datadir.c - locate the data directory (see datadir.h). */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DB_SOURCE_DIR
#define DB_SOURCE_DIR "."
#endif
#ifndef DB_INSTALL_DATADIR
#define DB_INSTALL_DATADIR "/usr/local/share/discbench"
#endif

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int db_data_dir(char *out, size_t out_len)
{
    const char *cands[3];
    int n = 0;
    const char *env = getenv("DISCBENCH_DATA");
    if (env && *env)
        cands[n++] = env;
    cands[n++] = DB_SOURCE_DIR;
    cands[n++] = DB_INSTALL_DATADIR;
    for (int i = 0; i < n; i++) {
        char probe[4096];
        snprintf(probe, sizeof probe, "%s/profiles", cands[i]);
        if (is_dir(probe)) {
            snprintf(out, out_len, "%s", cands[i]);
            return 0;
        }
    }
    snprintf(out, out_len, "%s%s%s%s%s", n == 3 ? cands[0] : "", n == 3 ? ", " : "",
             DB_SOURCE_DIR, ", ", DB_INSTALL_DATADIR);
    return -1;
}

int db_find_profile(const char *kind, const char *name, char *out, size_t out_len)
{
    if (strchr(name, '/') || (strlen(name) > 8 && !strcmp(name + strlen(name) - 8, ".profile"))) {
        if (is_file(name)) {
            snprintf(out, out_len, "%s", name);
            return 0;
        }
        if (strchr(name, '/'))
            return -1;
    }
    char dir[2048];
    if (db_data_dir(dir, sizeof dir))
        return -1;
    snprintf(out, out_len, "%s/profiles/%s/%s%s", dir, kind, name,
             strstr(name, ".profile") ? "" : ".profile");
    return is_file(out) ? 0 : -1;
}

int db_find_plot_template(const char *name, char *out, size_t out_len)
{
    char dir[2048];
    if (db_data_dir(dir, sizeof dir))
        return -1;
    snprintf(out, out_len, "%s/plots/%s.gpm", dir, name);
    return is_file(out) ? 0 : -1;
}
