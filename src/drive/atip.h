/* atip.h - what an ATIP means: the disc manufacturer its lead-in code
 * names (table: profiles/atip-manufacturers.tsv), the dye type, the
 * recording speeds and the sub-type.  Pure functions on a parsed ATIP
 * (mmcinfo.h); the table is loaded from a file the caller names. */
#ifndef DB_DRIVE_ATIP_H
#define DB_DRIVE_ATIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"
#include "mmcinfo.h"

typedef struct db_atip_maker {
    uint8_t m, s, f_lo, f_hi;   /* the code range MM:SS:FF-FF */
    char name[96];              /* company: "CMC Magnetics Corporation" */
    char short_name[48];        /* as users name it: "CMC Magnetics" */
    char also_sold_as[256];     /* brands seen on discs with this code ("" if none listed) */
    char source[96];
    int line;                   /* line in the table file */
} db_atip_maker;

typedef struct db_atip_table {
    db_atip_maker *rows;
    size_t count;
} db_atip_table;

/* Parse the table text (format: the file's header).  Every problem is
 * `name:line: what is wrong` (DB_EXIT_INPUT): a bad code, a frame range
 * that crosses a tens digit, overlapping ranges, a missing column. */
int db_atip_table_parse(const char *name, const char *text, size_t len, db_atip_table *out,
                        db_error *err);
int db_atip_table_load(const char *path, db_atip_table *out, db_error *err);
void db_atip_table_free(db_atip_table *t);

/* The row whose range holds the code, matched as the Orange Book assigns
 * codes: same minute and second, frame within the range.  NULL if none. */
const db_atip_maker *db_atip_lookup(const db_atip_table *t, uint8_t m, uint8_t s, uint8_t f);

/* Dye from the lead-in code: CD-RW "phase change"; CD-R frame digit 0-4
 * "long strategy (cyanine, azo or similar)", 5-9 "short strategy
 * (phthalocyanine or similar)". */
const char *db_atip_dye(const mmc_atip *a);

/* A lead-in start is in the lead-in (minutes 90..99, before 00:00:00); a
 * "lead-in" elsewhere is not an ATIP at all (garbage from a pressed disc or
 * a confused drive). */
bool db_atip_plausible(const mmc_atip *a);

/* Disc sub-type in words ("type A, low beta (A-)", "high speed"...). */
const char *db_atip_subtype_text(const mmc_atip *a);

/* A CLV recording speed code of the A1/A2 values, in x; 0 = reserved.
 * The table depends on the disc: CD-R and standard CD-RW 2/4/6/8x, high
 * speed CD-RW (sub-type 1) 2/4/6/10x, ultra speed CD-RW (sub-type 2 or 3
 * with A2 valid) 2/4/8/16/24/32/40/48x.  (Tables as cdrkit wodim/drv_mmc.c
 * and Linux drivers/block/pktcdvd.c decode them.) */
int db_atip_speed_x(const mmc_atip *a, unsigned code);
/* A1 byte 0: bits 6..4 lowest, 3..0 highest CLV recording speed.  Sets
 * both to 0 when A1 is not valid or its codes are reserved. */
void db_atip_speed_range(const mmc_atip *a, int *low_x, int *high_x);
/* Reference speed (byte 4 bits 2..0) in x, 0 when not declared. */
int db_atip_ref_speed_x(const mmc_atip *a);

#endif
