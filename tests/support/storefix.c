/* storefix.c - hand-made results directories (storefix.h). */
#include "storefix.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static FILE *open_in(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        abort();
    }
    return f;
}

void sf_write(const char *dir, const sf_run *r)
{
    mkdir(dir, 0755);
    const char *status = r->status ? r->status : "complete";
    const char *model = r->model ? r->model : "LTR-40125S";
    FILE *f = open_in(dir, "summary.json");
    fprintf(f, "{\n  \"tool\": \"discbench\",\n  \"version\": \"0.1.0\",\n  \"test\": \"%s\",\n", r->test);
    fprintf(f, "  \"simulated\": true,\n  \"source\": \"simulated\",\n  \"status\": \"%s\",\n", status);
    fprintf(f, "  \"device\": \"sim:test\",\n");
    if (r->label)
        fprintf(f, "  \"label\": \"%s\",\n", r->label);
    else
        fprintf(f, "  \"label\": null,\n");
    if (r->write_speed_x > 0)
        fprintf(f, "  \"write_speed_x\": %.1f,\n", r->write_speed_x);
    else
        fprintf(f, "  \"write_speed_x\": null,\n");
    fprintf(f, "  \"drive\": {\"vendor\": \"LITE-ON\", \"model\": \"%s\", \"firmware\": \"ZS0K\"},\n", model);
    fprintf(f, "  \"disc\": {\"description\": \"fixture disc\", \"sectors\": 67500, \"tracks\": 3},\n");
    fprintf(f, "  \"settings\": {\"zones\": %d},\n", r->rows);
    fprintf(f, "  \"info\": {\"medium\": {\"medium_type\": \"%s\", \"medium_sectors\": 67500, \"track_list\": ["
               "{\"track\": 1, \"track_start_lba\": 0}, {\"track\": 2, \"track_start_lba\": 22500},"
               " {\"track\": 3, \"track_start_lba\": 45000}]},\n",
            r->atip_code ? "CD-R" : "pressed");
    if (r->atip_code)
        fprintf(f, "    \"atip\": {\"lead_in_msf\": \"%s\", \"maker\": \"%s\", \"maker_short\": \"%s\"},\n",
                r->atip_code, r->maker ? r->maker : "unknown", r->maker ? r->maker : "unknown");
    else
        fprintf(f, "    \"atip\": {\"lead_in_msf\": null, \"maker\": null},\n");
    fprintf(f, "    \"keys\": {\"drive_key\": \"LITE-ON|%s|ZS0K\", \"media_key\": \"%s|%s|67500\"}},\n", model,
            r->atip_code ? "CD-R" : "pressed", r->atip_code ? r->atip_code : "3");
    fprintf(f, "  \"protocol\": {\"used\": \"liteon-old\", \"reports_cu\": true},\n");
    fprintf(f, "  \"result\": {\"c1\": {\"total\": 1, \"max_per_second\": %d, \"average_per_second\": %.3f},\n",
            r->c1_max, r->c1_avg);
    fprintf(f, "    \"c2\": {\"total\": %d}, \"cu\": {\"total\": %d}},\n", r->c2_total, r->cu_total);
    fprintf(f, "  \"redbook\": {\"verdict\": \"%s\"},\n  \"score\": %d,\n", r->redbook ? r->redbook : "pass",
            r->score);
    fprintf(f, "  \"plausibility\": {\"believed\": true},\n  \"unreadable\": {\"count\": %d}\n}\n", r->unreadable);
    fclose(f);

    char name[64];
    snprintf(name, sizeof name, "%s.csv", r->test);
    f = open_in(dir, name);
    if (!*r->test || r->test[0] == 'q') {
        fputs("second,lba_start,lba_end,position_min,c1,c2,cu,speed_x,interval_ms,counted,fault,source\n", f);
        for (int i = 0; i < r->rows; i++)
            fprintf(f, "%d,%d,%d,%.4f,%d,%d,0,8.000,125.000,1,,simulated\n", i, i * 75, i * 75 + 75, i / 60.0,
                    (int)r->c1_avg, i == 0 ? r->c2_total : 0);
    } else {
        fputs("zone,lba_start,lba_end,position_min,position_mib,speed_x,speed_kib_s,zone_ms,read_errors,source\n", f);
        for (int i = 0; i < r->rows; i++)
            fprintf(f, "%d,%d,%d,%.3f,%.2f,%.3f,%.1f,%.3f,0,simulated\n", i, i * 1000, i * 1000 + 1000,
                    i * 1000 / 4500.0, i * 1000 * 2048.0 / 1048576.0, 20.0 + i, (20.0 + i) * 150.0,
                    1000.0 / 75.0 / (20.0 + i) * 1000.0);
    }
    fclose(f);
}
