/* cmd_trace.c - `discbench trace show|anonymize`: read a recorded
 * conversation with a drive, or make it safe to share. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../drive/mmc.h"
#include "../drive/trace.h"
#include "cli.h"

static const char trace_usage[] =
    "usage: discbench trace show FILE [--grep OPCODE|NAME] [--errors]\n"
    "       discbench trace anonymize IN OUT\n"
    "\n"
    "show       decodes a trace recorded with --trace: opcode names, CDB fields, data\n"
    "           lengths, status and sense spelled out, timings\n"
    "  --grep X   only commands whose opcode is X (hex, e.g. 28 or 0xBE) or whose\n"
    "             name contains X (e.g. 'READ CD')\n"
    "  --errors   only commands that did not end GOOD\n"
    "anonymize  copies a trace without serial numbers (INQUIRY VPD page 0x80, the\n"
    "           GET CONFIGURATION serial number feature 0108h), before sharing it\n";

static bool matches(const db_trace_rec *r, const char *grep)
{
    if (!grep)
        return true;
    char *end;
    long op = strtol(grep, &end, 16);
    if (*grep && !*end && op >= 0 && op <= 0xFF)
        return r->cdb[0] == op;
    return strcasestr(db_opcode_name(r->cdb[0]), grep) != NULL;
}

static int show(const char *path, const char *grep, bool errors_only)
{
    db_error err = { 0 };
    db_trace_reader *rd = db_trace_reader_open(path, &err);
    if (!rd) {
        fprintf(stderr, "discbench: trace: %s\n", err.msg);
        return err.code;
    }
    db_trace_rec rec;
    int got;
    bool headers_done = false;
    uint64_t shown = 0, total = 0, failed = 0;
    while ((got = db_trace_reader_next(rd, &rec, &err)) == 1) {
        if (!headers_done) {
            static const char *const keys[] = { "version", "device", "transport", "simulated", "disc",
                                                "command", "start", "data", "drive", NULL };
            for (int i = 0; keys[i]; i++) {
                const char *v = db_trace_reader_header(rd, keys[i]);
                if (v)
                    printf("# %-10s %s\n", keys[i], v);
            }
            headers_done = true;
        }
        total++;
        if (rec.status != DB_CMD_GOOD)
            failed++;
        if ((errors_only && rec.status == DB_CMD_GOOD) || !matches(&rec, grep))
            continue;
        shown++;
        char what[256], status[200];
        db_cdb_describe(rec.cdb, rec.cdb_len, what, sizeof what);
        db_cmd_result res = { .status = rec.status };
        if (rec.status == DB_CMD_CHECK)
            db_mmc_parse_sense(rec.sense, rec.sense_len, &res.sense);
        db_result_describe(&res, status, sizeof status);
        printf("%7llu %12.6f s %9.3f ms  %-44s %s", (unsigned long long)rec.seq, rec.t_ns / 1e9,
               rec.dur_ns / 1e6, what, status);
        if (rec.dir == DB_DIR_READ)
            printf("  in %zu/%zu%s", rec.data_len, rec.buf_len, rec.data_is_digest ? " (digest)" : "");
        putchar('\n');
    }
    if (got < 0) {
        fprintf(stderr, "discbench: trace: %s\n", err.msg);
        db_trace_reader_close(rd);
        return DB_EXIT_INPUT;
    }
    printf("# %llu commands, %llu not GOOD, %llu shown%s\n", (unsigned long long)total,
           (unsigned long long)failed, (unsigned long long)shown,
           db_trace_reader_truncated(rd) ? "; the trace ends early (the run was killed): "
                                           "every complete command is shown" : "");
    db_trace_reader_close(rd);
    return DB_EXIT_OK;
}

/* Overwrite serial numbers in a reply with 'X' (lengths kept, so parsers
 * still see a well-formed reply). */
static void scrub(db_trace_rec *r)
{
    if (!r->data || r->status != DB_CMD_GOOD)
        return;
    if (r->cdb[0] == MMC_INQUIRY && (r->cdb[1] & 1) && r->cdb[2] == 0x80 && r->data_len > 4) {
        size_t n = 4 + r->data[3];
        for (size_t i = 4; i < n && i < r->data_len; i++)
            r->data[i] = 'X';
    }
    if (r->cdb[0] == 0x46 && r->data_len > 8) { /* GET CONFIGURATION: walk the feature descriptors */
        size_t end = 4 + ((size_t)r->data[0] << 24 | (size_t)r->data[1] << 16 | (size_t)r->data[2] << 8 | r->data[3]);
        if (end > r->data_len)
            end = r->data_len;
        for (size_t p = 8; p + 4 <= end;) {
            unsigned code = (unsigned)r->data[p] << 8 | r->data[p + 1];
            size_t flen = r->data[p + 3];
            if (code == 0x0108)
                for (size_t i = p + 4; i < p + 4 + flen && i < end; i++)
                    r->data[i] = 'X';
            p += 4 + flen;
        }
    }
}

static int anonymize(const char *in, const char *out)
{
    db_error err = { 0 };
    db_trace_reader *rd = db_trace_reader_open(in, &err);
    if (!rd) {
        fprintf(stderr, "discbench: trace: %s\n", err.msg);
        return err.code;
    }
    db_trace_writer *w = db_trace_writer_open(out, &err);
    if (!w) {
        db_trace_reader_close(rd);
        fprintf(stderr, "discbench: trace: %s\n", err.msg);
        return err.code;
    }
    db_trace_rec rec;
    int got;
    bool headers_done = false;
    uint64_t n = 0;
    while ((got = db_trace_reader_next(rd, &rec, &err)) == 1) {
        if (!headers_done) {
            static const char *const keys[] = { "version", "device", "transport", "simulated", "disc",
                                                "command", "start", "data", "drive", NULL };
            for (int i = 0; keys[i]; i++) {
                const char *v = db_trace_reader_header(rd, keys[i]);
                if (v)
                    db_trace_writer_header(w, keys[i], v);
            }
            db_trace_writer_header(w, "anonymized", "yes");
            headers_done = true;
        }
        scrub(&rec);
        if (db_trace_writer_rec(w, &rec)) {
            got = -2;
            break;
        }
        n++;
    }
    db_trace_reader_close(rd);
    if (db_trace_writer_close(w) || got == -2) {
        fprintf(stderr, "discbench: trace: cannot write %s\n", out);
        return DB_EXIT_OUTPUT;
    }
    if (got < 0) {
        fprintf(stderr, "discbench: trace: %s\n", err.msg);
        return DB_EXIT_INPUT;
    }
    printf("%s: %llu commands, serial numbers removed\n", out, (unsigned long long)n);
    return DB_EXIT_OK;
}

int cmd_trace(int argc, char **argv, const db_cli_env *env)
{
    (void)env;
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(trace_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? DB_EXIT_USAGE : DB_EXIT_OK;
    }
    if (!strcmp(argv[1], "anonymize")) {
        if (argc != 4) {
            fprintf(stderr, "discbench: trace anonymize: needs IN and OUT\n");
            return DB_EXIT_USAGE;
        }
        return anonymize(argv[2], argv[3]);
    }
    if (strcmp(argv[1], "show")) {
        fprintf(stderr, "discbench: trace: unknown action '%s' (show or anonymize)\n", argv[1]);
        return DB_EXIT_USAGE;
    }
    static const struct option longopts[] = {
        { "grep", required_argument, 0, 'g' }, { "errors", no_argument, 0, 'e' }, { 0, 0, 0, 0 }
    };
    const char *grep = NULL;
    bool errors_only = false;
    int c;
    optind = 1;
    opterr = 0;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': grep = optarg; break;
        case 'e': errors_only = true; break;
        default:
            fprintf(stderr, "discbench: trace show: unknown option '%s'\n", argv[optind - 1]);
            return DB_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "discbench: trace show: needs one trace FILE\n");
        return DB_EXIT_USAGE;
    }
    return show(argv[optind], grep, errors_only);
}
