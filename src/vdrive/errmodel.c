/* errmodel.c - evaluate the error model (see errmodel.h). */
#include "errmodel.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../drive/mmc.h"
#include "../util/splitmix.h"

/* Hash streams: each kind of draw has its own, so e.g. the C1 count of a
 * second and the sector its C2 events land in are independent. */
enum { H_C1 = 1, H_C2, H_CU, H_C2_SECTOR, H_CU_SECTOR, H_C2_START };

/* Counter-based: a pure function of (seed, a, b), chained through the
 * SplitMix64 mixer. */
static uint64_t hash3(uint64_t seed, uint64_t a, uint64_t b)
{
    db_rng r;
    db_rng_seed(&r, seed);
    db_rng_seed(&r, db_rng_next(&r) ^ a);
    db_rng_seed(&r, db_rng_next(&r) ^ b);
    return db_rng_next(&r);
}

static double unit_of(uint64_t h)
{
    return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

/* Poisson(mean) from one hash value: inversion for small means (exact),
 * the normal approximation above 30 (Box-Muller on two uniforms). */
static uint32_t poisson(double mean, uint64_t h)
{
    if (!(mean > 0))
        return 0;
    if (mean < 30) {
        double u = unit_of(h);
        double p = exp(-mean), cdf = p;
        uint32_t k = 0;
        while (u > cdf && k < 1000) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }
    db_rng r;
    db_rng_seed(&r, h);
    double u1 = 1.0 - db_rng_unit(&r), u2 = db_rng_unit(&r); /* u1 in (0, 1] */
    double z = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
    double k = floor(mean + sqrt(mean) * z + 0.5);
    return k <= 0 ? 0 : k >= 1e9 ? 1000000000u : (uint32_t)k;
}

static double lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

/* Where r lies between the reference radii, shaped (0 inner .. 1 outer;
 * beyond them the line continues, clamped at 0 from below). */
static double shape_at(vd_err_shape shape, double r_mm)
{
    double t = (r_mm - VD_ERR_INNER_MM) / (VD_ERR_OUTER_MM - VD_ERR_INNER_MM);
    if (t < 0)
        t = 0;
    return shape == VD_SHAPE_QUADRATIC ? t * t : t;
}

/* Kinds of defect: how strength varies over the band, and C2 and CU per
 * C1 they add (docs/profiles.md has the same table). */
static const struct {
    bool ramp;          /* edge: 0 at start_mm rising to full at end_mm */
    double c2_per_c1, cu_per_c1;
} defect_kinds[] = {
    [VD_DEFECT_SCRATCH] = { false, 0.05, 0.002 },
    [VD_DEFECT_FINGERPRINT] = { false, 0.01, 0.0 },
    [VD_DEFECT_EDGE] = { true, 0.03, 0.001 },
};

static void mean_rates(const vd_errmodel *m, double r_mm, double *c1, double *c2, double *cu)
{
    double t = shape_at(m->shape, r_mm);
    *c1 = fmax(0, lerp(m->rates.c1[0], m->rates.c1[1], t));
    *c2 = fmax(0, lerp(m->rates.c2[0], m->rates.c2[1], t));
    *cu = fmax(0, lerp(m->rates.cu[0], m->rates.cu[1], t));
    for (int i = 0; i < m->defect_count; i++) {
        const vd_err_defect *d = &m->defects[i];
        if (r_mm < d->start_mm || r_mm > d->end_mm)
            continue;
        double w = 1.0;
        if (defect_kinds[d->kind].ramp && d->end_mm > d->start_mm)
            w = (r_mm - d->start_mm) / (d->end_mm - d->start_mm);
        double add = d->severity * w;
        *c1 += add;
        *c2 += add * defect_kinds[d->kind].c2_per_c1;
        *cu += add * defect_kinds[d->kind].cu_per_c1;
    }
}

uint32_t vd_err_seconds(const vd_errmodel *m)
{
    return (m->sectors + CD_SECTORS_PER_S - 1) / CD_SECTORS_PER_S;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

void vd_err_second(const vd_errmodel *m, uint32_t s, vd_err_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!m->active || s >= vd_err_seconds(m))
        return;
    uint32_t a = s * CD_SECTORS_PER_S, b = min_u32(a + CD_SECTORS_PER_S, m->sectors);
    double c1, c2, cu;
    mean_rates(m, vd_geom_radius_mm(&m->geom, (a + b) / 2.0), &c1, &c2, &cu);
    /* a partial last second has proportionally fewer frames */
    double part = (double)(b - a) / CD_SECTORS_PER_S;
    uint64_t k1 = poisson(c1 * part, hash3(m->seed, s, H_C1));
    uint64_t k2 = poisson(c2 * part, hash3(m->seed, s, H_C2));
    uint64_t ku = poisson(cu * part, hash3(m->seed, s, H_CU));
    uint32_t bad = vd_err_unreadable_in(m, a, b);
    k1 += 98u * bad;
    ku += bad;
    uint32_t frames = (uint32_t)ceil(VD_FRAMES_PER_S * part);
    out->c1 = (uint32_t)(k1 < frames ? k1 : frames);
    out->c2 = (uint32_t)(k2 < out->c1 ? k2 : out->c1);
    out->cu = (uint32_t)(ku < VD_CU_MAX ? ku : VD_CU_MAX);
}

/* Integer share of count c for sectors [0, i) of n. */
static uint64_t share(uint32_t c, uint32_t i, uint32_t n)
{
    return (uint64_t)c * i / n;
}

void vd_err_range_counts(const vd_errmodel *m, uint32_t a, uint32_t b, vd_err_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!m->active)
        return;
    if (b > m->sectors)
        b = m->sectors;
    while (a < b) {
        uint32_t s = a / CD_SECTORS_PER_S;
        uint32_t s0 = s * CD_SECTORS_PER_S, s1 = min_u32(s0 + CD_SECTORS_PER_S, m->sectors);
        uint32_t hi = min_u32(b, s1), n = s1 - s0;
        vd_err_counts c;
        vd_err_second(m, s, &c);
        out->c1 += (uint32_t)(share(c.c1, hi - s0, n) - share(c.c1, a - s0, n));
        out->c2 += (uint32_t)(share(c.c2, hi - s0, n) - share(c.c2, a - s0, n));
        out->cu += (uint32_t)(share(c.cu, hi - s0, n) - share(c.cu, a - s0, n));
        a = hi;
    }
}

void vd_err_second_c2(const vd_errmodel *m, uint32_t s, uint16_t bytes[75], uint32_t *n)
{
    memset(bytes, 0, 75 * sizeof bytes[0]);
    *n = 0;
    if (!m->active || s >= vd_err_seconds(m))
        return;
    uint32_t a = s * CD_SECTORS_PER_S;
    *n = min_u32(a + CD_SECTORS_PER_S, m->sectors) - a;
    vd_err_counts c;
    vd_err_second(m, s, &c);
    for (uint32_t e = 0; e < c.c2; e++) {
        uint32_t i = (uint32_t)(hash3(m->seed, (uint64_t)s << 16 | e, H_C2_SECTOR) % *n);
        bytes[i] = (uint16_t)min_u32(bytes[i] + 2u, CD_RAW_BYTES);
    }
    for (uint32_t e = 0; e < c.cu; e++) {
        uint32_t i = (uint32_t)(hash3(m->seed, (uint64_t)s << 16 | e, H_CU_SECTOR) % *n);
        bytes[i] = (uint16_t)min_u32(bytes[i] + 4u, CD_RAW_BYTES);
    }
}

uint32_t vd_err_c2_field(const vd_errmodel *m, uint32_t lba, uint32_t bytes, uint8_t out[294])
{
    memset(out, 0, VD_C2_PTR_BYTES);
    if (bytes > CD_RAW_BYTES)
        bytes = CD_RAW_BYTES;
    if (!bytes)
        return 0;
    uint32_t pos = (uint32_t)(hash3(m->seed, lba, H_C2_START) % CD_RAW_BYTES);
    for (uint32_t k = 0; k < bytes; k++) {
        /* pointer bit of byte `pos`, most significant bit first */
        out[pos / 8] |= (uint8_t)(0x80u >> (pos % 8));
        pos = (pos + 97) % CD_RAW_BYTES;
    }
    return bytes;
}

uint32_t vd_err_c2_bytes_cached(const vd_errmodel *m, vd_err_c2_cache *c, uint32_t lba)
{
    uint32_t s = lba / CD_SECTORS_PER_S;
    if (!c->valid || c->second != s) {
        vd_err_second_c2(m, s, c->bytes, &c->n);
        c->second = s;
        c->valid = true;
    }
    uint32_t i = lba % CD_SECTORS_PER_S;
    return i < c->n ? c->bytes[i] : 0;
}

/* Index of the first range ending at or after lba (ranges sorted and
 * disjoint); count if none. */
static int first_range_from(const vd_err_range *r, int count, uint32_t lba)
{
    int lo = 0, hi = count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (r[mid].last < lba)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

uint32_t vd_err_first_unreadable(const vd_errmodel *m, uint32_t a, uint32_t b)
{
    if (!m->active || a >= b)
        return b;
    int i = first_range_from(m->unreadable, m->unreadable_count, a);
    if (i == m->unreadable_count)
        return b;
    uint32_t first = m->unreadable[i].first > a ? m->unreadable[i].first : a;
    return first < b ? first : b;
}

uint32_t vd_err_unreadable_in(const vd_errmodel *m, uint32_t a, uint32_t b)
{
    uint32_t n = 0;
    if (!m->active || a >= b)
        return 0;
    for (int i = first_range_from(m->unreadable, m->unreadable_count, a);
         i < m->unreadable_count && m->unreadable[i].first < b; i++) {
        uint32_t lo = m->unreadable[i].first > a ? m->unreadable[i].first : a;
        uint32_t hi = m->unreadable[i].last + 1 < b ? m->unreadable[i].last + 1 : b;
        n += hi - lo;
    }
    return n;
}

uint64_t vd_err_slow_retries(const vd_errmodel *m, uint32_t a, uint32_t b, uint32_t *first_slow)
{
    uint64_t n = 0;
    if (first_slow)
        *first_slow = b;
    if (!m->active || a >= b)
        return 0;
    for (int i = first_range_from(m->slow, m->slow_count, a); i < m->slow_count && m->slow[i].first < b; i++) {
        uint32_t lo = m->slow[i].first > a ? m->slow[i].first : a;
        uint32_t hi = m->slow[i].last + 1 < b ? m->slow[i].last + 1 : b;
        if (first_slow && *first_slow == b)
            *first_slow = lo;
        n += (uint64_t)(hi - lo) * m->slow[i].retries;
    }
    return n;
}

/* ---- building the model ---- */

static int cmp_range(const void *x, const void *y)
{
    const vd_err_range *a = x, *b = y;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* Rates for write speed x: a listed burn, or linear between the two
 * listed burns around it. */
static int rates_for(const vd_err_spec *spec, double x, vd_err_rates *out, const char *name,
                     db_error *err)
{
    if (!spec->burned) {
        *out = spec->burns[0].rates;
        return 0;
    }
    const vd_err_burn *lo = &spec->burns[0], *hi = &spec->burns[spec->burn_count - 1];
    if (x < lo->write_x || x > hi->write_x)
        return db_error_set(err, DB_EXIT_INPUT,
                            "%s: write=%g is outside the burn speeds its profile models (%g..%gx)",
                            name, x, lo->write_x, hi->write_x);
    for (int i = 0; i + 1 < spec->burn_count; i++)
        if (x >= spec->burns[i].write_x && x <= spec->burns[i + 1].write_x) {
            lo = &spec->burns[i];
            hi = &spec->burns[i + 1];
            break;
        }
    double t = hi->write_x > lo->write_x ? (x - lo->write_x) / (hi->write_x - lo->write_x) : 0;
    for (int k = 0; k < 2; k++) {
        out->c1[k] = lerp(lo->rates.c1[k], hi->rates.c1[k], t);
        out->c2[k] = lerp(lo->rates.c2[k], hi->rates.c2[k], t);
        out->cu[k] = lerp(lo->rates.cu[k], hi->rates.cu[k], t);
    }
    return 0;
}

/* Clip [first, last] to the disc; false when nothing is left. */
static bool clip(vd_err_range *r, uint32_t sectors)
{
    if (sectors == 0 || r->first >= sectors)
        return false;
    if (r->last >= sectors)
        r->last = sectors - 1;
    return true;
}

int vd_errmodel_init(vd_errmodel *m, const vd_err_spec *spec, double write_x, const vd_geom *g,
                     uint32_t sectors, const char *name, db_error *err)
{
    memset(m, 0, sizeof *m);
    m->sectors = sectors;
    m->geom = *g;
    if (!spec || !spec->present) {
        if (!isnan(write_x))
            return db_error_set(err, DB_EXIT_INPUT,
                                "%s: write=%g needs a media profile with an [errors] section "
                                "(this disc has no error model)", name, write_x);
        return 0;
    }
    m->active = true;
    m->shape = spec->shape;
    if (!spec->burned && !isnan(write_x))
        return db_error_set(err, DB_EXIT_INPUT,
                            "%s: write=%g: this profile models one set of rates (`rates`), not burns "
                            "at several speeds", name, write_x);
    m->write_x = spec->burned ? (isnan(write_x) ? spec->default_write_x : write_x) : 0;
    if (rates_for(spec, m->write_x, &m->rates, name, err))
        return -1;
    m->defect_count = spec->defect_count;
    memcpy(m->defects, spec->defects, sizeof m->defects);

    /* Unreadable: LBA ranges and radius bands, sorted and merged. */
    int n = 0;
    for (int i = 0; i < spec->unreadable_count; i++) {
        vd_err_range r = spec->unreadable[i];
        if (clip(&r, sectors))
            m->unreadable[n++] = r;
    }
    for (int i = 0; i < spec->band_count; i++) {
        double a = ceil(vd_geom_lba_at_radius(g, spec->bands[i].start_mm));
        double b = floor(vd_geom_lba_at_radius(g, spec->bands[i].end_mm));
        if (a < 0)
            a = 0;
        if (b < a || a >= sectors)
            continue;
        vd_err_range r = { (uint32_t)a, b >= sectors ? sectors - 1 : (uint32_t)b, 0 };
        m->unreadable[n++] = r;
    }
    qsort(m->unreadable, (size_t)n, sizeof m->unreadable[0], cmp_range);
    int merged = 0;
    for (int i = 0; i < n; i++) {
        if (merged && m->unreadable[i].first <= m->unreadable[merged - 1].last + 1) {
            if (m->unreadable[i].last > m->unreadable[merged - 1].last)
                m->unreadable[merged - 1].last = m->unreadable[i].last;
        } else {
            m->unreadable[merged++] = m->unreadable[i];
        }
    }
    m->unreadable_count = merged;

    /* Slow ranges: sorted; overlaps would make the retry count ambiguous. */
    n = 0;
    for (int i = 0; i < spec->slow_count; i++) {
        vd_err_range r = spec->slow[i];
        if (clip(&r, sectors))
            m->slow[n++] = r;
    }
    qsort(m->slow, (size_t)n, sizeof m->slow[0], cmp_range);
    for (int i = 1; i < n; i++)
        if (m->slow[i].first <= m->slow[i - 1].last)
            return db_error_set(err, DB_EXIT_INPUT, "%s: slow ranges %u-%u and %u-%u overlap", name,
                                m->slow[i - 1].first, m->slow[i - 1].last, m->slow[i].first,
                                m->slow[i].last);
    m->slow_count = n;
    return 0;
}
