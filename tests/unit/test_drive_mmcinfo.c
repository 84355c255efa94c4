/* Parsers of the identification responses (drive/mmcinfo.h) against
 * hand-built buffers: well-formed ones, and truncated, lying and
 * inconsistent ones, which must give "unusable" or a stated problem and
 * never a read past the buffer (run under ASan too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drive/mmcinfo.h"

/* Copy into an exactly sized heap block, so ASan sees any over-read. */
static uint8_t *exact(const uint8_t *src, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    memcpy(p, src, n);
    return p;
}

static void be16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }

/* ---- GET CONFIGURATION ---- */

/* header + profile list (CD-RW, CD-R current, CD-ROM) + core (ATAPI) +
 * Multi-Read + CD Read (C2 + CD-Text) */
static size_t make_config(uint8_t *b)
{
    size_t n = 8;
    be16(b + 6, 0x0009);
    uint8_t *d = b + n; /* profile list */
    be16(d, 0x0000); d[2] = 0x03; d[3] = 12;
    be16(d + 4, 0x000A); be16(d + 8, 0x0009); d[10] = 0x01; be16(d + 12, 0x0008);
    n += 16;
    d = b + n; /* core */
    be16(d, 0x0001); d[2] = 0x07; d[3] = 8; be32(d + 4, 2);
    n += 12;
    d = b + n; /* something unknown in between */
    be16(d, 0x0003); d[2] = 0x03; d[3] = 4; d[4] = 0x29;
    n += 8;
    d = b + n; /* multi-read */
    be16(d, 0x001D); d[2] = 0x01; d[3] = 0;
    n += 4;
    d = b + n; /* CD read */
    be16(d, 0x001E); d[2] = 0x05; d[3] = 4; d[4] = 0x03;
    n += 8;
    be32(b, (uint32_t)(n - 4));
    return n;
}

static void test_config(void **state)
{
    (void)state;
    uint8_t b[256] = { 0 };
    size_t n = make_config(b);
    uint8_t *p = exact(b, n);
    mmc_config c;
    assert_int_equal(db_mmc_parse_config(p, n, &c), 0);
    assert_int_equal(c.current_profile, 0x0009);
    assert_true(c.has_profile_list);
    assert_int_equal(c.profile_count, 3);
    assert_int_equal(c.profiles[0].number, 0x000A);
    assert_false(c.profiles[0].current);
    assert_true(c.profiles[1].current);
    assert_true(c.has_core);
    assert_int_equal(c.physical_interface, 2);
    assert_string_equal(db_mmc_interface_name(c.physical_interface), "ATAPI");
    assert_true(c.has_multi_read && c.multi_read_current);
    assert_true(c.has_cd_read && c.cd_read_current && c.cd_read_c2 && c.cd_read_cdtext);
    assert_false(c.cd_read_dap);
    assert_int_equal(c.feature_count, 5);
    assert_false(c.truncated);
    assert_false(c.bad_descriptor);
    free(p);

    assert_string_equal(db_mmc_profile_name(0x0008), "CD-ROM");
    assert_string_equal(db_mmc_profile_name(0x000A), "CD-RW");
    assert_string_equal(db_mmc_profile_name(0x0043), "BD-RE");
    assert_null(db_mmc_profile_name(0x1234));
    assert_string_equal(db_mmc_interface_name(8), "USB");
    assert_null(db_mmc_interface_name(99));

    /* CD Read without C2: the flag is cleared */
    b[n - 4] = 0x00;
    assert_int_equal(db_mmc_parse_config(b, n, &c), 0);
    assert_true(c.has_cd_read);
    assert_false(c.cd_read_c2);
}

static void test_config_truncated(void **state)
{
    (void)state;
    uint8_t b[256] = { 0 };
    make_config(b);
    mmc_config c;
    /* the allocation length cut it after the core feature: the data length
     * still claims everything; what arrived whole is used */
    size_t cut = 8 + 16 + 12 + 3;
    uint8_t *p = exact(b, cut);
    assert_int_equal(db_mmc_parse_config(p, cut, &c), 0);
    assert_true(c.truncated);
    assert_false(c.bad_descriptor);
    assert_int_equal(c.profile_count, 3);
    assert_true(c.has_core);
    assert_false(c.has_cd_read);
    free(p);
    /* header only, and less than a header */
    p = exact(b, 8);
    assert_int_equal(db_mmc_parse_config(p, 8, &c), 0);
    assert_int_equal(c.feature_count, 0);
    assert_int_equal(c.current_profile, 9);
    free(p);
    for (size_t k = 0; k < 8; k++) {
        p = exact(b, k);
        assert_int_equal(db_mmc_parse_config(p, k, &c), -1);
        free(p);
    }
    assert_int_equal(db_mmc_parse_config(NULL, 100, &c), -1);
}

static void test_config_lying_lengths(void **state)
{
    (void)state;
    uint8_t b[256] = { 0 };
    size_t n = make_config(b);
    mmc_config c;
    /* a descriptor whose additional length runs past the data: not used */
    uint8_t *p = exact(b, n);
    p[8 + 16 + 3] = 200; /* core claims 200 bytes */
    assert_int_equal(db_mmc_parse_config(p, n, &c), 0);
    assert_true(c.bad_descriptor);
    assert_false(c.has_core);
    assert_false(c.has_cd_read);
    assert_int_equal(c.profile_count, 3);
    free(p);
    /* data length smaller than what came: only the claimed part counts */
    p = exact(b, n);
    be32(p, 8 + 16 - 4);
    assert_int_equal(db_mmc_parse_config(p, n, &c), 0);
    assert_true(c.has_profile_list);
    assert_false(c.has_core);
    free(p);
    /* data length 0xFFFFFFFF: truncated, nothing read past the buffer */
    p = exact(b, n);
    be32(p, 0xFFFFFFFFu);
    assert_int_equal(db_mmc_parse_config(p, n, &c), 0);
    assert_true(c.truncated);
    assert_true(c.has_cd_read);
    free(p);
    /* a profile list of more than 32 entries keeps 32 */
    uint8_t big[8 + 4 + 40 * 4] = { 0 };
    big[8 + 3] = 160;
    for (int i = 0; i < 40; i++)
        be16(big + 12 + 4 * i, (unsigned)(0x100 + i));
    be32(big, sizeof big - 4);
    p = exact(big, sizeof big);
    assert_int_equal(db_mmc_parse_config(p, sizeof big, &c), 0);
    assert_int_equal(c.profile_count, MMC_CONFIG_MAX_PROFILES);
    free(p);
}

static void test_config_cdb(void **state)
{
    (void)state;
    uint8_t c[DB_CDB_MAX];
    memset(c, 0xAA, sizeof c);
    size_t n = db_mmc_cdb_get_configuration(c, MMC_RT_ONE, 0x001E, 2048);
    assert_int_equal(n, 10);
    const uint8_t want[10] = { 0x46, 0x02, 0x00, 0x1E, 0, 0, 0, 0x08, 0x00, 0 };
    assert_memory_equal(c, want, 10);
}

/* ---- session info ---- */

static void test_session_info(void **state)
{
    (void)state;
    uint8_t b[12] = { 0, 10, 1, 2, 0, 0x14, 3, 0, 0, 0, 0x2E, 0xE0 };
    mmc_session_info s;
    uint8_t *p = exact(b, sizeof b);
    assert_int_equal(db_mmc_parse_session_info(p, sizeof b, &s), 0);
    assert_int_equal(s.first_session, 1);
    assert_int_equal(s.last_session, 2);
    assert_int_equal(s.last_session_first_track, 3);
    assert_int_equal(s.last_session_first_lba, 12000);
    assert_int_equal(s.control, 4);
    assert_int_equal(s.adr, 1);
    free(p);
    /* short, lying length, no session, impossible track */
    for (size_t k = 0; k < 12; k++) {
        p = exact(b, k);
        assert_int_equal(db_mmc_parse_session_info(p, k, &s), -1);
        free(p);
    }
    uint8_t l[12];
    memcpy(l, b, 12);
    l[1] = 2; /* length says header only */
    assert_int_equal(db_mmc_parse_session_info(l, 12, &s), -1);
    memcpy(l, b, 12);
    l[2] = l[3] = 0;
    assert_int_equal(db_mmc_parse_session_info(l, 12, &s), -1);
    memcpy(l, b, 12);
    l[6] = 0xAA;
    assert_int_equal(db_mmc_parse_session_info(l, 12, &s), -1);
}

/* ---- full TOC ---- */

static size_t desc(uint8_t *p, uint8_t session, uint8_t adr_ctl, uint8_t point, uint8_t pm,
                   uint8_t ps, uint8_t pf)
{
    memset(p, 0, 11);
    p[0] = session;
    p[1] = adr_ctl;
    p[3] = point;
    p[8] = pm;
    p[9] = ps;
    p[10] = pf;
    return 11;
}

/* A mixed-mode disc: data track 1, audio 2-3, lead-out at 60:00:00. */
static size_t make_fulltoc(uint8_t *b)
{
    size_t n = 4;
    n += desc(b + n, 1, 0x14, 0xA0, 1, 0x00, 0);
    n += desc(b + n, 1, 0x10, 0xA1, 3, 0, 0);
    n += desc(b + n, 1, 0x10, 0xA2, 60, 0, 0);
    n += desc(b + n, 1, 0x14, 1, 0, 2, 0);
    n += desc(b + n, 1, 0x10, 2, 20, 2, 0);
    n += desc(b + n, 1, 0x10, 3, 40, 2, 0);
    be16(b, (unsigned)(n - 2));
    b[2] = b[3] = 1;
    return n;
}

static void test_fulltoc(void **state)
{
    (void)state;
    uint8_t b[2048] = { 0 };
    size_t n = make_fulltoc(b);
    uint8_t *p = exact(b, n);
    mmc_fulltoc t;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_string_equal(t.problem, "");
    assert_int_equal(t.session_count, 1);
    assert_int_equal(t.sessions[0].first_track, 1);
    assert_int_equal(t.sessions[0].last_track, 3);
    assert_int_equal(t.sessions[0].disc_type, 0);
    assert_int_equal(t.sessions[0].leadout_lba, 60 * 4500 - 150);
    assert_int_equal(t.sessions[0].next_program_lba, -1);
    assert_int_equal(t.track_count, 3);
    assert_int_equal(t.tracks[0].lba, 0);
    assert_int_equal(t.tracks[0].control, 4);
    assert_int_equal(t.tracks[1].lba, 20 * 4500);
    assert_int_equal(t.tracks[2].number, 3);
    assert_int_equal(t.descriptor_count, 6);
    assert_int_equal(t.ignored, 0);
    assert_false(t.truncated);
    free(p);
}

static void test_fulltoc_multisession(void **state)
{
    (void)state;
    uint8_t b[2048] = { 0 };
    size_t n = 4;
    /* session 2 first and tracks out of order: the parser sorts them */
    n += desc(b + n, 2, 0x14, 0xA0, 2, 0x20, 0);
    n += desc(b + n, 2, 0x14, 0xA1, 2, 0, 0);
    n += desc(b + n, 2, 0x14, 0xA2, 40, 0, 0);
    n += desc(b + n, 2, 0x14, 2, 30, 2, 0);
    n += desc(b + n, 1, 0x14, 0xA0, 1, 0x20, 0);
    n += desc(b + n, 1, 0x14, 0xA1, 1, 0, 0);
    n += desc(b + n, 1, 0x14, 0xA2, 20, 0, 0);
    n += desc(b + n, 1, 0x14, 1, 0, 2, 0);
    n += desc(b + n, 1, 0x54, 0xB0, 0, 0, 0); /* ADR 5 B0: ATIME = next program area */
    b[n - 11 + 4] = 31; b[n - 11 + 5] = 30;
    n += desc(b + n, 1, 0x24, 0x00, 0, 0, 0); /* ADR 2 (catalogue): skipped */
    be16(b, (unsigned)(n - 2));
    b[2] = 1;
    b[3] = 2;
    mmc_fulltoc t;
    assert_int_equal(db_mmc_parse_fulltoc(b, n, &t), 0);
    assert_string_equal(t.problem, "");
    assert_int_equal(t.session_count, 2);
    assert_int_equal(t.track_count, 2);
    assert_int_equal(t.tracks[0].number, 1);
    assert_int_equal(t.tracks[0].session, 1);
    assert_int_equal(t.tracks[1].number, 2);
    assert_int_equal(t.tracks[1].session, 2);
    assert_int_equal(t.tracks[1].lba, 30 * 4500);
    const mmc_fulltoc_session *s1 = t.sessions[0].number == 1 ? &t.sessions[0] : &t.sessions[1];
    assert_int_equal(s1->next_program_lba, 31 * 4500 + 30 * 75 - 150);
    assert_int_equal(s1->disc_type, 0x20);
}

static void test_fulltoc_truncated(void **state)
{
    (void)state;
    uint8_t b[2048] = { 0 };
    size_t n = make_fulltoc(b);
    mmc_fulltoc t;
    /* cut inside the fourth descriptor: track 1 is missing, so A0..A2 and
     * no track at all would be unusable; cut after track 1 is fine */
    for (size_t k = 0; k < n; k++) {
        uint8_t *p = exact(b, k);
        int rc = db_mmc_parse_fulltoc(p, k, &t);
        if (k < 4 + 4 * 11)
            assert_int_equal(rc, -1);
        else
            assert_int_equal(rc, 0);
        assert_true(t.problem[0] || rc == 0);
        if (k > 0 && k < n)
            assert_true(t.truncated || k < 4);
        free(p);
    }
    /* a length field claiming 64 KiB on a 70-byte buffer */
    uint8_t *p = exact(b, n);
    be16(p, 0xFFFF);
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_true(t.truncated);
    assert_int_equal(t.track_count, 3);
    free(p);
    /* a length field smaller than what came: the rest is ignored */
    p = exact(b, n);
    be16(p, 2 + 3 * 11);
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), -1);
    assert_string_equal(t.problem, "no track is listed");
    free(p);
}

static void test_fulltoc_zero_tracks(void **state)
{
    (void)state;
    uint8_t b[64] = { 0 };
    size_t n = 4;
    n += desc(b + n, 1, 0x14, 0xA0, 1, 0, 0);
    n += desc(b + n, 1, 0x14, 0xA1, 0, 0, 0);
    n += desc(b + n, 1, 0x14, 0xA2, 0, 2, 0);
    be16(b, (unsigned)(n - 2));
    mmc_fulltoc t;
    assert_int_equal(db_mmc_parse_fulltoc(b, n, &t), -1);
    assert_string_equal(t.problem, "no track is listed");
    /* header only */
    be16(b, 2);
    assert_int_equal(db_mmc_parse_fulltoc(b, 4, &t), -1);
    assert_string_equal(t.problem, "no descriptors");
    /* tracks but no A0/A1/A2 */
    n = 4;
    n += desc(b + n, 1, 0x14, 1, 0, 2, 0);
    be16(b, (unsigned)(n - 2));
    assert_int_equal(db_mmc_parse_fulltoc(b, n, &t), -1);
    assert_string_equal(t.problem, "no session has its A0, A1 and A2 points");
}

static void test_fulltoc_over_99(void **state)
{
    (void)state;
    /* 120 track points (1..99 and 21 repeats) + A0/A1/A2: 99 kept, the
     * repeats counted and named; all inside the 64 KiB a response holds */
    size_t cap = 4 + 11 * 130;
    uint8_t *b = calloc(1, cap);
    size_t n = 4;
    n += desc(b + n, 1, 0x10, 0xA0, 1, 0, 0);
    n += desc(b + n, 1, 0x10, 0xA1, 99, 0, 0);
    n += desc(b + n, 1, 0x10, 0xA2, 99, 0, 0);
    for (int i = 0; i < 120; i++) {
        int tr = i < 99 ? i + 1 : i - 98;
        int lba = (tr - 1) * 4500 + 150;
        n += desc(b + n, 1, 0x10, (uint8_t)tr, (uint8_t)(lba / 4500), (uint8_t)(lba / 75 % 60),
                  (uint8_t)(lba % 75));
    }
    be16(b, (unsigned)(n - 2));
    uint8_t *p = exact(b, n);
    mmc_fulltoc t;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_int_equal(t.track_count, 99);
    assert_int_equal(t.ignored, 21);
    assert_string_equal(t.problem, "track 1 is listed more than once");
    assert_int_equal(t.tracks[98].number, 99);
    assert_int_equal(t.tracks[98].lba, 98 * 4500);
    /* a 99-minute disc: the lead-out at 99:00:00 counts forwards */
    assert_int_equal(t.sessions[0].leadout_lba, 99 * 4500 - 150);
    free(p);
    free(b);
}

static void test_fulltoc_inconsistent(void **state)
{
    (void)state;
    uint8_t b[2048] = { 0 };
    size_t n = make_fulltoc(b);
    mmc_fulltoc t;
    /* A1 says 2 tracks, 3 are listed */
    uint8_t *p = exact(b, n);
    p[4 + 11 + 8] = 2;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_string_equal(t.problem, "track 3 lies outside session 1's tracks 1-2");
    free(p);
    /* a track beyond the lead-out */
    p = exact(b, n);
    p[4 + 5 * 11 + 8] = 70;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_non_null(strstr(t.problem, "track 3 starts at LBA"));
    free(p);
    /* tracks going backwards */
    p = exact(b, n);
    p[4 + 4 * 11 + 8] = 50;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_string_equal(t.problem, "track 3 starts at or before track 2");
    free(p);
    /* impossible MSF, session 0, a second A2 */
    p = exact(b, n);
    p[4 + 4 * 11 + 9] = 61;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_int_equal(t.track_count, 2);
    assert_string_equal(t.problem, "a descriptor holds an impossible MSF address");
    free(p);
    p = exact(b, n);
    p[4 + 3 * 11] = 0;
    assert_int_equal(db_mmc_parse_fulltoc(p, n, &t), 0);
    assert_int_equal(t.track_count, 2);
    assert_int_equal(t.ignored, 1);
    free(p);
    uint8_t d2[2048];
    memcpy(d2, b, n);
    size_t m = n + desc(d2 + n, 1, 0x10, 0xA2, 10, 0, 0);
    be16(d2, (unsigned)(m - 2));
    assert_int_equal(db_mmc_parse_fulltoc(d2, m, &t), 0);
    assert_string_equal(t.problem, "a session lists A2 twice");
    assert_int_equal(t.sessions[0].leadout_lba, 60 * 4500 - 150);
}

static void test_msf(void **state)
{
    (void)state;
    assert_int_equal(db_msf_to_lba(0, 2, 0), 0);
    assert_int_equal(db_msf_to_lba(79, 59, 74), 359849);
    assert_int_equal(db_msf_to_lba(99, 2, 0), 445500);
    assert_int_equal(db_msf_to_lba_leadin(97, 26, 66), -11634);
    assert_int_equal(db_msf_to_lba_leadin(97, 34, 23), -11077);
    assert_int_equal(db_msf_to_lba_leadin(0, 2, 0), 0);
    uint8_t m, s, f;
    db_lba_to_msf(359846, &m, &s, &f);
    assert_int_equal(m, 79); assert_int_equal(s, 59); assert_int_equal(f, 71);
    db_lba_to_msf(-11634, &m, &s, &f);
    assert_int_equal(m, 97); assert_int_equal(s, 26); assert_int_equal(f, 66);
    db_lba_to_msf(-150, &m, &s, &f);
    assert_int_equal(m + s + f, 0);
}

/* ---- ATIP ---- */

/* A CMC CD-R as public wodim -atip logs show it: writing power 5, sub-type
 * 3 (A+), lead-in 97:26:66, lead-out 79:59:71. */
static size_t make_atip(uint8_t *b)
{
    memset(b, 0, 28);
    be16(b, 26);
    b[4] = 0x80 | 5 << 4;
    b[6] = 0x80 | 3 << 3;
    b[8] = 97; b[9] = 26; b[10] = 66;
    b[12] = 79; b[13] = 59; b[14] = 71;
    return 28;
}

static void test_atip(void **state)
{
    (void)state;
    uint8_t b[28];
    size_t n = make_atip(b);
    uint8_t *p = exact(b, n);
    mmc_atip a;
    assert_int_equal(db_mmc_parse_atip(p, n, &a), 0);
    assert_int_equal(a.writing_power, 5);
    assert_int_equal(a.sub_type, 3);
    assert_false(a.erasable);
    assert_false(a.uru);
    assert_false(a.a1_valid);
    assert_int_equal(a.lead_in_m, 97);
    assert_int_equal(a.lead_in_s, 26);
    assert_int_equal(a.lead_in_f, 66);
    assert_int_equal(db_msf_to_lba(a.lead_out_m, a.lead_out_s, a.lead_out_f), 359846);
    assert_true(a.has_a_values);
    free(p);

    /* CD-RW, URU, reference speed code 2, A1 valid: 2x..4x */
    b[4] = 0x80 | 3 << 4 | 0x02;
    b[5] = 0x40;
    b[6] = 0x80 | 0x40 | 0x04;
    b[16] = 0x12;
    assert_int_equal(db_mmc_parse_atip(b, n, &a), 0);
    assert_true(a.erasable && a.uru && a.a1_valid);
    assert_int_equal(a.ref_speed_code, 2);
    assert_int_equal(a.a1[0], 0x12);
}

static void test_atip_bad(void **state)
{
    (void)state;
    uint8_t b[28];
    size_t n = make_atip(b);
    mmc_atip a;
    /* too short for the lead-out: unusable; 15..26 bytes: no A values */
    for (size_t k = 0; k < n; k++) {
        uint8_t *p = exact(b, k);
        int rc = db_mmc_parse_atip(p, k, &a);
        assert_int_equal(rc, k < 15 ? -1 : 0);
        if (rc == 0)
            assert_int_equal(a.has_a_values, k >= 27);
        free(p);
    }
    /* the length field says less than the lead-out */
    uint8_t c[28];
    memcpy(c, b, n);
    be16(c, 6);
    assert_int_equal(db_mmc_parse_atip(c, n, &a), -1);
    /* A1 claimed valid but the values did not arrive: not valid */
    memcpy(c, b, n);
    c[6] |= 0x04;
    be16(c, 14);
    assert_int_equal(db_mmc_parse_atip(c, n, &a), 0);
    assert_false(a.a1_valid);
    /* impossible seconds / frames */
    memcpy(c, b, n);
    c[9] = 60;
    assert_int_equal(db_mmc_parse_atip(c, n, &a), -1);
    memcpy(c, b, n);
    c[14] = 75;
    assert_int_equal(db_mmc_parse_atip(c, n, &a), -1);
    assert_int_equal(db_mmc_parse_atip(NULL, 28, &a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_config_truncated),
        cmocka_unit_test(test_config_lying_lengths),
        cmocka_unit_test(test_config_cdb),
        cmocka_unit_test(test_session_info),
        cmocka_unit_test(test_fulltoc),
        cmocka_unit_test(test_fulltoc_multisession),
        cmocka_unit_test(test_fulltoc_truncated),
        cmocka_unit_test(test_fulltoc_zero_tracks),
        cmocka_unit_test(test_fulltoc_over_99),
        cmocka_unit_test(test_fulltoc_inconsistent),
        cmocka_unit_test(test_msf),
        cmocka_unit_test(test_atip),
        cmocka_unit_test(test_atip_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
