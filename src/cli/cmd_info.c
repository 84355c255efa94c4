/* cmd_info.c - `discbench info`: which drive, firmware and disc, as text
 * or as one JSON object.  Sends only identification commands (and one-
 * sector READ CDs); writes no results directory. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/info.h"
#include "../report/json.h"
#include "cli.h"
#include "info_print.h"

static const char info_usage[] =
    "usage: discbench info [-d DEV] [--disc DISC] [--label TEXT] [--json] [--trace FILE]\n"
    "                      [--fault SPEC]\n"
    "\n"
    "Identifies the drive (vendor, model, firmware, interface, speeds, CD-DA,\n"
    "accurate stream, C2 pointers, buffer, MMC profiles and features, the error-scan\n"
    "protocols it speaks) and the disc (type, sessions, tracks, length, and for\n"
    "recordables the ATIP: manufacturer, dye, capacity, speeds, OPC data), then says\n"
    "what discbench can test on them and, for each test it cannot run, why.\n"
    "\n"
    "  -d, --device DEV   /dev/sr0, or sim:NAME / sim:PATH for the virtual drive\n"
    "                     (default: first drive found, else " DB_DEFAULT_SIM ")\n"
    "      --disc DISC    virtual drive only: media profile, disc image or synthetic:MIN\n"
    "      --label TEXT   what the disc is sold as (\"ATT 48x\"): checked against the ATIP\n"
    "      --json         print one JSON object instead of text\n"
    "      --trace FILE   record every command sent to the drive (gzip'd text)\n"
    "      --fault SPEC   virtual drive only: inject drive faults (docs/reliability.md)\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit: 0 when the drive answered, 3 when it cannot be opened (the message names\n"
    "the fix), 6 when it stops answering (INQUIRY, TEST UNIT READY), 2 on a usage\n"
    "error.\n";

static int emit(const db_info *info, bool json)
{
    if (!json) {
        db_info_print(stdout, info);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    db_json j;
    db_json_init(&j, stdout);
    db_info_write_json(&j, NULL, info);
    return db_json_finish(&j);
}

int cmd_info(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    static const struct option longopts[] = {
        { "device", required_argument, 0, 'd' }, { "disc", required_argument, 0, 'D' },
        { "label", required_argument, 0, 'l' },  { "json", no_argument, 0, 'j' },
        { "help", no_argument, 0, 'h' },         { "fault", required_argument, 0, 'F' },
        { "trace", required_argument, 0, 'T' },
        { 0, 0, 0, 0 }
    };
    char cmdline[2048];
    db_cli_join_argv(argc, argv, cmdline, sizeof cmdline);
    db_device_opts dev = { .seed = 1, .command_line = cmdline };
    const char *label = NULL;
    bool json = false;
    db_error err = { 0 };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': dev.device = optarg; break;
        case 'D': dev.disc = optarg; break;
        case 'l': label = optarg; break;
        case 'j': json = true; break;
        case 'T': dev.trace = optarg; break;
        case 'F':
            if (db_cli_add_fault(&dev, optarg, &err)) {
                fprintf(stderr, "discbench: info: %s\n", err.msg);
                return DB_EXIT_USAGE;
            }
            break;
        case 'h': fputs(info_usage, stdout); return DB_EXIT_OK;
        case ':':
            fprintf(stderr, "discbench: info: option %s needs a value\n", argv[optind - 1]);
            return DB_EXIT_USAGE;
        default:
            fprintf(stderr, "discbench: info: unknown option '%s' (see discbench info --help)\n",
                    argv[optind - 1]);
            return DB_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "discbench: info: unexpected argument '%s' (see discbench info --help)\n",
                argv[optind]);
        return DB_EXIT_USAGE;
    }

    db_info *info = malloc(sizeof *info);
    if (!info) {
        fprintf(stderr, "discbench: info: out of memory\n");
        return DB_EXIT_DEVICE;
    }
    db_drive drive;
    char note[512];
    int rc = DB_EXIT_OK;
    if (db_cli_open_drive(&dev, &drive, note, sizeof note, &err)) {
        /* usage and bad-input errors are not about the drive: one line */
        if (err.code == DB_EXIT_USAGE || err.code == DB_EXIT_INPUT) {
            fprintf(stderr, "discbench: info: %s\n", err.msg);
            free(info);
            return err.code;
        }
        /* a drive that cannot be opened still gets its report: why, the fix,
         * and that no test can run */
        db_info_open_failed(dev.device ? dev.device : "(first drive found)", &err, info);
        rc = info->open_code;
    } else {
        if (note[0])
            fprintf(stderr, "discbench: %s\n", note);
        db_info_gather(&drive, label, info);
        db_drive_close(&drive);
    }
    if (emit(info, json)) {
        fprintf(stderr, "discbench: info: cannot write the report to standard output\n");
        rc = DB_EXIT_OUTPUT;
    }
    if (!info->opened) {
        fprintf(stderr, "discbench: info: %s\n", info->open_error);
    } else if ((!info->inquiry_ok || info->no_answer) && rc == DB_EXIT_OK) {
        /* opened, but the drive does not answer: the report says what failed */
        fprintf(stderr, "discbench: info: the drive does not answer: %s\n",
                info->inquiry_ok ? info->no_answer_why : info->inquiry_why);
        rc = DB_EXIT_DRIVE;
    }
    free(info);
    return rc;
}
