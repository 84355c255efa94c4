/* bench_vdev.c - `make bench`, second part: CPU cost per READ command of
 * discbench, cd-paranoia and readom reading the same disc from the same
 * virtual device node (libdiscbench-vdev.so under LD_PRELOAD).
 *
 * Each tool runs as a child; its CPU time (user + system, from wait4) is
 * divided by the READ commands (READ(10), READ(12), READ CD) and by the
 * sectors those commands asked for, both counted in the node's CDB log.
 * The virtual drive runs inside each child, so every figure includes the
 * emulation's own cost (the same per sector for all three) and one log
 * write per command.  Printed as rates and ratios; nothing here passes or
 * fails on time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef DB_VDEV_PRELOAD
#define DB_VDEV_PRELOAD "libdiscbench-vdev.so"
#endif
#ifndef DB_DISCBENCH_BIN
#define DB_DISCBENCH_BIN "discbench"
#endif

/* A 20-minute audio CD: 4 tracks of 5 minutes. */
static const char audio_disc[] = "[disc]\ntype = pressed\ncontent = audio\ncapacity_sectors = 90000\n"
                                 "scanning_velocity_mps = 1.2\ntrack_pitch_um = 1.6\ninner_radius_mm = 25.0\n";

typedef struct run {
    const char *name;
    double cpu_s;
    unsigned long reads, sectors;
    int status;
} run;

static int run_child(const char *dir, const char *disc, char *const argv[], run *r)
{
    char node[4200], log[4200];
    snprintf(node, sizeof node, "%s/vcd0", dir);
    snprintf(log, sizeof log, "%s/%s.log", dir, r->name);
    unlink(log);
    fflush(NULL); /* the child must not print our buffered lines again */
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        setenv("DISCBENCH_VDEV", node, 1);
        setenv("DISCBENCH_VDEV_DISC", disc, 1);
        setenv("DISCBENCH_VDEV_LOG", log, 1);
        setenv("LD_PRELOAD", DB_VDEV_PRELOAD, 1);
        setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
        ;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
    FILE *f = fopen(log, "r");
    if (!f)
        return -1;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        const char *c = strstr(line, " cdb=");
        if (strncmp(line, "cdb ", 4) || !c)
            continue;
        unsigned b[12] = { 0 };
        int n = sscanf(c + 5, "%2x%2x%2x%2x%2x%2x%2x%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                       &b[6], &b[7], &b[8], &b[9], &b[10], &b[11]);
        if (n >= 10 && b[0] == 0x28) {
            r->reads++;
            r->sectors += b[7] << 8 | b[8];
        } else if (n >= 12 && b[0] == 0xA8) {
            r->reads++;
            r->sectors += (unsigned long)b[6] << 24 | b[7] << 16 | b[8] << 8 | b[9];
        } else if (n >= 12 && b[0] == 0xBE) {
            r->reads++;
            r->sectors += (unsigned long)b[6] << 16 | b[7] << 8 | b[8];
        }
    }
    fclose(f);
    return 0;
}

static int have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

int main(void)
{
    char dir[] = "/tmp/discbench-bench-vdev-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench_vdev: mkdtemp");
        return 1;
    }
    char disc[4200], node[4200], out[4200];
    snprintf(disc, sizeof disc, "%s/audio20.profile", dir);
    snprintf(node, sizeof node, "%s/vcd0", dir);
    FILE *f = fopen(disc, "w");
    if (!f) {
        perror("bench_vdev: disc profile");
        return 1;
    }
    fputs(audio_disc, f);
    fclose(f);

    printf("\nCPU per READ on the virtual device node (LD_PRELOAD), 20-minute audio disc:\n");
    run runs[3] = { { .name = "discbench dae" }, { .name = "cd-paranoia" }, { .name = "readom -c2scan" } };
    int have_run[3] = { 0 };

    snprintf(out, sizeof out, "%s/dae", dir);
    char *dae[] = { DB_DISCBENCH_BIN, "dae", "-d", node, "--zones", "20", "--no-plot", "-o", out, NULL };
    have_run[0] = run_child(dir, disc, dae, &runs[0]) == 0;
    if (have("cd-paranoia")) {
        char *cdp[] = { "cd-paranoia", "-q", "-d", node, "-r", "1-", "/dev/null", NULL };
        have_run[1] = run_child(dir, disc, cdp, &runs[1]) == 0;
    } else {
        printf("  cd-paranoia not installed (scripts/deps.sh): skipped\n");
    }
    if (have("readom")) {
        char devarg[4300];
        snprintf(devarg, sizeof devarg, "dev=%s", node);
        char *rd[] = { "readom", devarg, "-c2scan", NULL };
        have_run[2] = run_child(dir, disc, rd, &runs[2]) == 0;
    } else {
        printf("  readom not installed (scripts/deps.sh): skipped\n");
    }

    printf("  %-16s %8s %10s %8s %12s %14s %10s\n", "tool", "READs", "sectors", "CPU s", "us/READ",
           "us/sector", "exit");
    double per_sector[3] = { 0 };
    for (int i = 0; i < 3; i++) {
        if (!have_run[i] || runs[i].reads == 0) {
            if (have_run[i])
                printf("  %-16s no READ reached the node (exit %d)\n", runs[i].name, runs[i].status);
            have_run[i] = 0;
            continue;
        }
        per_sector[i] = runs[i].cpu_s * 1e6 / (double)runs[i].sectors;
        printf("  %-16s %8lu %10lu %8.3f %12.1f %14.3f %10d\n", runs[i].name, runs[i].reads, runs[i].sectors,
               runs[i].cpu_s, runs[i].cpu_s * 1e6 / (double)runs[i].reads, per_sector[i], runs[i].status);
    }
    if (have_run[0]) {
        int dearer = 0;
        for (int i = 1; i < 3; i++) {
            if (!have_run[i])
                continue;
            printf("  %s / discbench: CPU per READ %.2f, per sector %.2f\n", runs[i].name,
                   (runs[i].cpu_s / (double)runs[i].reads) / (runs[0].cpu_s / (double)runs[0].reads),
                   per_sector[i] / per_sector[0]);
            dearer += per_sector[i] > per_sector[0];
        }
        int others = have_run[1] + have_run[2];
        if (others)
            printf("  discbench is %s of the %d (per sector read)\n",
                   dearer == others ? "the cheapest" : dearer == 0 ? "the most expensive" : "in the middle",
                   others + 1);
    }
    char rm[4300];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        fprintf(stderr, "bench_vdev: could not remove %s\n", dir);
    return 0;
}
