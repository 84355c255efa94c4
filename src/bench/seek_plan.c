/* seek_plan.c - sample pairs for the access-time test (see seek_plan.h). */
#include "seek_plan.h"

#include <math.h>
#include <stdio.h>

const char *seek_kind_name(seek_kind k)
{
    switch (k) {
    case SEEK_RANDOM: return "random";
    case SEEK_THIRD: return "one_third";
    case SEEK_FULL: return "full";
    }
    return "?";
}

const char *seek_kind_label(seek_kind k)
{
    switch (k) {
    case SEEK_RANDOM: return "random";
    case SEEK_THIRD: return "1/3 stroke";
    case SEEK_FULL: return "full stroke";
    }
    return "?";
}

double seek_nominal_radius_mm(double lba)
{
    double r2 = SEEK_HUB_RADIUS_MM * SEEK_HUB_RADIUS_MM + SEEK_NOMINAL_K_MM2 * lba;
    return r2 > 0 ? sqrt(r2) : 0.0;
}

double seek_nominal_lba_at_radius(double r_mm)
{
    return (r_mm * r_mm - SEEK_HUB_RADIUS_MM * SEEK_HUB_RADIUS_MM) / SEEK_NOMINAL_K_MM2;
}

double seek_radial_distance_mm(uint32_t from, uint32_t to)
{
    return fabs(seek_nominal_radius_mm(to) - seek_nominal_radius_mm(from));
}

void seek_planner_init(seek_planner *p, uint32_t lba_start, uint32_t lba_end, uint32_t window,
                       int samples, uint64_t seed)
{
    p->first = lba_start;
    p->last = lba_end > lba_start ? lba_end - 1 : lba_start;
    p->window = window;
    p->samples = samples;
    p->have_prev = false;
    p->prev = 0;
    /* Each kind gets its own stream, so --samples or a change in one kind
     * never shifts the pairs of another.  Seeds are spread by the Weyl
     * constant of the generator itself. */
    for (int k = 0; k < SEEK_KINDS; k++)
        db_rng_seed(&p->rng[k], seed + (uint64_t)(k + 1) * 0x9E3779B97F4A7C15ull);
}

bool seek_in_window(const seek_planner *p, uint32_t after, uint32_t x)
{
    return x >= after && (uint64_t)x - after <= p->window;
}

static double third_stroke_mm(const seek_planner *p)
{
    return (seek_nominal_radius_mm(p->last) - seek_nominal_radius_mm(p->first)) / 3.0;
}

bool seek_plan_possible(const seek_planner *p, seek_kind k, char *why, size_t why_len)
{
    uint64_t span = (uint64_t)p->last - p->first + 1;
    switch (k) {
    case SEEK_RANDOM:
        /* a pair needs to land outside one window at least */
        if (span <= (uint64_t)p->window + 1) {
            snprintf(why, why_len,
                     "the data area (%llu sectors) is too short for random access samples: it must be "
                     "longer than the drive's read-ahead window (%u sectors)",
                     (unsigned long long)span, p->window);
            return false;
        }
        return true;
    case SEEK_THIRD: {
        double d = third_stroke_mm(p);
        if (d < SEEK_MIN_THIRD_STROKE_MM) {
            double need = ceil(seek_nominal_lba_at_radius(seek_nominal_radius_mm(p->first) +
                                                          3.0 * SEEK_MIN_THIRD_STROKE_MM)) - p->first;
            snprintf(why, why_len,
                     "the disc is too short for a 1/3 stroke: its data area spans %.2f mm of radius "
                     "(estimated), a third of it is %.2f mm, under the %.0f mm minimum; a 1/3 stroke "
                     "needs a data area of at least %.0f sectors (%.1f minutes)",
                     d * 3.0, d, SEEK_MIN_THIRD_STROKE_MM, need, need / 4500.0);
            return false;
        }
        /* the stroke must also outreach the read-ahead window */
        uint32_t a = p->first;
        double b = seek_nominal_lba_at_radius(seek_nominal_radius_mm(a) + d);
        if (b - a <= p->window) {
            snprintf(why, why_len,
                     "the disc is too short for a 1/3 stroke: a third of its radius is %.0f sectors, "
                     "inside the drive's read-ahead window (%u sectors)", b - a, p->window);
            return false;
        }
        return true;
    }
    case SEEK_FULL: {
        uint64_t n = p->samples > 0 ? (uint64_t)p->samples : 1;
        if (span < 2 * n || (uint64_t)p->last - (n - 1) <= (uint64_t)p->first + (n - 1) + p->window) {
            snprintf(why, why_len,
                     "the data area (%llu sectors) is too short for %llu full-stroke samples: the ends "
                     "must lie more than the drive's read-ahead window (%u sectors) apart",
                     (unsigned long long)span, (unsigned long long)n, p->window);
            return false;
        }
        return true;
    }
    }
    snprintf(why, why_len, "unknown kind of sample");
    return false;
}

static uint32_t clamp_lba(const seek_planner *p, double lba)
{
    double v = floor(lba + 0.5);
    if (v < p->first)
        return p->first;
    if (v > p->last)
        return p->last;
    return (uint32_t)v;
}

/* The cache rule for a pair (see seek_plan.h). */
static bool pair_ok(const seek_planner *p, uint32_t from, uint32_t to)
{
    if (from == to)
        return false;
    if (p->have_prev && seek_in_window(p, p->prev, from))
        return false;
    return !seek_in_window(p, from, to);
}

static void draw_random(seek_planner *p, uint32_t *from, uint32_t *to)
{
    uint64_t span = (uint64_t)p->last - p->first + 1;
    *from = p->first + (uint32_t)db_rng_below(&p->rng[SEEK_RANDOM], span);
    *to = p->first + (uint32_t)db_rng_below(&p->rng[SEEK_RANDOM], span);
}

static void draw_third(seek_planner *p, int i, uint32_t *from, uint32_t *to)
{
    double r_first = seek_nominal_radius_mm(p->first);
    double d = third_stroke_mm(p);
    double span = seek_nominal_radius_mm(p->last) - r_first;
    double ra = r_first + db_rng_unit(&p->rng[SEEK_THIRD]) * (span - d);
    uint32_t a = clamp_lba(p, seek_nominal_lba_at_radius(ra));
    uint32_t b = clamp_lba(p, seek_nominal_lba_at_radius(ra + d));
    *from = i % 2 ? b : a;
    *to = i % 2 ? a : b;
}

int seek_plan_pair(seek_planner *p, seek_kind k, int i, uint32_t *from, uint32_t *to, char *why,
                   size_t why_len)
{
    if (k == SEEK_FULL) {
        uint32_t step = (uint32_t)(p->samples - 1 - i);
        uint32_t inner = p->first + step;
        uint32_t outer = p->last - (uint32_t)i;
        *from = i % 2 ? outer : inner;
        *to = i % 2 ? inner : outer;
        if (i < 0 || i >= p->samples || inner >= outer || !pair_ok(p, *from, *to)) {
            snprintf(why, why_len, "full-stroke sample %d: LBA %u -> %u would be served by the "
                     "drive's read-ahead (window %u sectors)", i + 1, *from, *to, p->window);
            return -1;
        }
        return 0;
    }
    for (int draw = 0; draw < SEEK_MAX_DRAWS; draw++) {
        if (k == SEEK_RANDOM)
            draw_random(p, from, to);
        else
            draw_third(p, i, from, to);
        if (pair_ok(p, *from, *to))
            return 0;
    }
    snprintf(why, why_len, "%s sample %d: no pair outside the drive's read-ahead window (%u sectors) "
             "in %d draws", seek_kind_label(k), i + 1, p->window, SEEK_MAX_DRAWS);
    return -1;
}

void seek_planner_note_read(seek_planner *p, uint32_t lba)
{
    p->have_prev = true;
    p->prev = lba;
}
