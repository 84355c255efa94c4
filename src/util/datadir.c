/* datadir.c - locate the data directory (see datadir.h). */
#include "datadir.h"

#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DB_SOURCE_DIR
#define DB_SOURCE_DIR "."
#endif
#ifndef DB_BUILD_DIR
#define DB_BUILD_DIR ""
#endif
#ifndef DB_INSTALL_DATADIR
#define DB_INSTALL_DATADIR "/usr/local/share/discbench"
#endif

/* How far above the module's directory an install prefix may be: one for
 * the executable (PREFIX/bin/discbench); for a shared object two
 * (PREFIX/lib/discbench/libdiscbench-vdev.so) or three (a multiarch
 * PREFIX/lib/x86_64-linux-gnu/discbench/). */
#define DB_PREFIX_LEVELS_EXE 1
#define DB_PREFIX_LEVELS_LIB 3

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

static int has_profiles(const char *dir)
{
    char probe[PATH_MAX + 16];
    if (snprintf(probe, sizeof probe, "%s/profiles", dir) >= (int)sizeof probe)
        return 0;
    return is_dir(probe);
}

/* The directory of the file this code runs from: the executable, or the
 * shared object (the preload library) when linked into one.  Found with
 * dladdr1: a shared object's link map names its file; the main program's
 * name is empty there, so /proc/self/exe stands for it. */
static int module_dir(char *out, size_t out_len, int *levels)
{
    Dl_info info;
    struct link_map *map = NULL;
    char path[PATH_MAX];
    const char *name = "/proc/self/exe";
    *levels = DB_PREFIX_LEVELS_EXE;
    if (dladdr1((void *)module_dir, &info, (void **)&map, RTLD_DL_LINKMAP) && map &&
        map->l_name && map->l_name[0]) {
        name = map->l_name;
        *levels = DB_PREFIX_LEVELS_LIB;
    }
    if (!realpath(name, path))
        return -1;
    char *slash = strrchr(path, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(out, out_len, "%s", path[0] ? path : "/");
    return 0;
}

static int same_dir(const char *a, const char *b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    return *a && *b && realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* Append "what" to the list of places looked at (for the message). */
static void note(char *list, size_t len, const char *what)
{
    size_t used = strlen(list);
    if (used + 1 < len && snprintf(list + used, len - used, "%s%s", used ? ", " : "", what) < 0)
        list[used] = '\0';
}

int db_data_dir_rule(char *out, size_t out_len, const char **rule)
{
    char looked[2048] = "", item[PATH_MAX + 64], mod[PATH_MAX];
    const char *env = getenv("DISCBENCH_DATA");
    int levels = 0;
    int have_mod = module_dir(mod, sizeof mod, &levels) == 0;

    if (env && *env) {
        if (has_profiles(env)) {
            snprintf(out, out_len, "%s", env);
            if (rule)
                *rule = "$DISCBENCH_DATA";
            return 0;
        }
        snprintf(item, sizeof item, "$DISCBENCH_DATA=%s", env);
        note(looked, sizeof looked, item);
    } else {
        note(looked, sizeof looked, "$DISCBENCH_DATA (unset)");
    }
    /* Run from its build directory: the source tree it was built from, so
     * profiles edited there are used at once. */
    if (have_mod && same_dir(mod, DB_BUILD_DIR) && has_profiles(DB_SOURCE_DIR)) {
        snprintf(out, out_len, "%s", DB_SOURCE_DIR);
        if (rule)
            *rule = "the source tree, run from its build directory";
        return 0;
    }
    /* Installed: PREFIX/share/discbench above the module, wherever the
     * install tree was put (copied, moved, unpacked from the .deb). */
    if (have_mod) {
        char up[PATH_MAX];
        snprintf(up, sizeof up, "%s", mod);
        for (int level = 0; level < levels; level++) {
            char *slash = strrchr(up, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (snprintf(item, sizeof item, "%s/share/discbench", up) >= (int)sizeof item)
                break;
            if (has_profiles(item)) {
                snprintf(out, out_len, "%s", item);
                if (rule)
                    *rule = "the install prefix of the binary";
                return 0;
            }
            note(looked, sizeof looked, item);
            if (!up[0])
                break;
        }
    }
    if (has_profiles(DB_INSTALL_DATADIR)) {
        snprintf(out, out_len, "%s", DB_INSTALL_DATADIR);
        if (rule)
            *rule = "the compiled-in install prefix";
        return 0;
    }
    note(looked, sizeof looked, DB_INSTALL_DATADIR);
    /* Not the source tree as a last resort: an installed binary must not
     * quietly use whatever the build machine's tree holds now. */
    snprintf(out, out_len, "%s", looked);
    return -1;
}

int db_data_dir(char *out, size_t out_len)
{
    return db_data_dir_rule(out, out_len, NULL);
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
