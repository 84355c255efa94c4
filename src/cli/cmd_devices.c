/* cmd_devices.c - `discbench devices`: real drives libcdio finds, and the
 * virtual drive and media profiles shipped in profiles/. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/datadir.h"
#include "../util/kv.h"
#include "cli.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line per profile: name and what it models ([drive] vendor/model or [disc] type). */
static void list_profiles(const char *datadir, const char *kind)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/profiles/%s", datadir, kind);
    DIR *dp = opendir(dir);
    if (!dp) {
        printf("  (none: %s not found)\n", dir);
        return;
    }
    char *names[512];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) && n < 512) {
        size_t len = strlen(de->d_name);
        if (len > 8 && !strcmp(de->d_name + len - 8, ".profile"))
            names[n++] = strndup(de->d_name, len - 8);
    }
    closedir(dp);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.profile", dir, names[i]);
        kv_file kv;
        db_error err = { 0 };
        char what[600] = "";
        if (kv_load(path, &kv, &err) == 0) {
            const kv_entry *a, *b;
            if (!strcmp(kind, "drives")) {
                a = kv_find(&kv, "drive", "vendor");
                b = kv_find(&kv, "drive", "model");
                const kv_entry *s = kv_find(&kv, "data", "strategy");
                const kv_entry *m = kv_find(&kv, "data", "max_speed_x");
                snprintf(what, sizeof what, "%s %s, %s %sx", a ? a->value : "?", b ? b->value : "?",
                         s ? s->value : "?", m ? m->value : "?");
            } else {
                a = kv_find(&kv, "disc", "type");
                b = kv_find(&kv, "disc", "content");
                const kv_entry *c = kv_find(&kv, "disc", "capacity_sectors");
                snprintf(what, sizeof what, "%s %s, %s sectors", a ? a->value : "?",
                         b ? b->value : "?", c ? c->value : "?");
            }
            kv_free(&kv);
        } else {
            snprintf(what, sizeof what, "BROKEN: %s", err.msg);
        }
        printf("  %s%-28s %s\n", strcmp(kind, "drives") ? "" : "sim:", names[i], what);
        free(names[i]);
    }
}

int cmd_devices(int argc, char **argv, const db_cli_env *env)
{
    if (argc > 1) {
        if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
            puts("usage: discbench devices\n\nLists the optical drives libcdio finds and the "
                 "virtual drive (sim:NAME) and media (--disc NAME) profiles.");
            return DB_EXIT_OK;
        }
        fprintf(stderr, "discbench: devices: unexpected argument '%s'\n", argv[1]);
        return DB_EXIT_USAGE;
    }
    printf("Optical drives (libcdio):\n");
    char **list = db_cdio_list();
    if (!list || !list[0])
        printf("  (none found)\n");
    for (size_t i = 0; list && list[i]; i++)
        printf("  %s\n", list[i]);
    db_cdio_free_list(list);

    char datadir[2048];
    if (db_data_dir(datadir, sizeof datadir)) {
        printf("\nNo profiles found (looked in %s; set DISCBENCH_DATA)\n", datadir);
        return DB_EXIT_OK;
    }
    printf("\nVirtual drives (-d sim:NAME; results are simulated), from %s/profiles/drives:\n",
           datadir);
    list_profiles(datadir, "drives");
    printf("\nVirtual discs (--disc NAME, or synthetic:MINUTES, or a disc image), from %s/profiles/media:\n",
           datadir);
    list_profiles(datadir, "media");
    return DB_EXIT_OK;
}
