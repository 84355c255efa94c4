/* strategy.c - spin strategy classification (see strategy.h). */
#include "strategy.h"

#include <math.h>
#include <stdbool.h>

/* Relative spread under which a curve counts as flat. */
#define FLAT_SPREAD 0.03
/* Largest relative residual of a CAV fit (speed^2 = a + b*lba). */
#define CAV_FIT_TOL 0.02
/* A level step between Z-CLV zones: adjacent zones within this are one level. */
#define STEP_SAME 0.01

const char *db_strategy_name(db_strategy s)
{
    switch (s) {
    case DB_STRAT_CLV: return "CLV";
    case DB_STRAT_ZCLV: return "Z-CLV";
    case DB_STRAT_PCAV: return "P-CAV";
    case DB_STRAT_CAV: return "CAV";
    default: return "unknown";
    }
}

/* Least-squares fit of speed^2 = a + b*lba over [from, to); returns the
 * largest relative error in speed and the rise (last/first of the fit). */
static bool fits_cav(const double *lba, const double *v, size_t from, size_t to, double *rise,
                     double *a_out, double *b_out)
{
    size_t n = to - from;
    if (n < 3)
        return false;
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = from; i < to; i++) {
        double y = v[i] * v[i];
        sx += lba[i];
        sy += y;
        sxx += lba[i] * lba[i];
        sxy += lba[i] * y;
    }
    double den = (double)n * sxx - sx * sx;
    if (den <= 0)
        return false;
    double b = ((double)n * sxy - sx * sy) / den;
    double a = (sy - b * sx) / (double)n;
    if (b <= 0)
        return false;
    for (size_t i = from; i < to; i++) {
        double fit2 = a + b * lba[i];
        if (fit2 <= 0)
            return false;
        if (fabs(sqrt(fit2) - v[i]) / v[i] > CAV_FIT_TOL)
            return false;
    }
    double first = sqrt(fmax(a + b * lba[from], 0)), last = sqrt(a + b * lba[to - 1]);
    *rise = first > 0 ? last / first : INFINITY;
    *a_out = a;
    *b_out = b;
    return true;
}

static bool is_zclv(const double *v, size_t n)
{
    /* Split into runs of near-equal speed.  A single zone between two runs
     * whose speed lies between theirs is a zone straddling a step: skip it. */
    double level[64];
    size_t run_len[64], runs = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        double sum = v[i];
        while (j < n && fabs(v[j] - v[j - 1]) / v[j - 1] < STEP_SAME) {
            sum += v[j];
            j++;
        }
        size_t len = j - i;
        if (len == 1 && runs > 0 && j < n && v[i] > level[runs - 1] && v[i] < v[j]) {
            i = j; /* transitional zone */
            continue;
        }
        if (runs == 64)
            return false;
        level[runs] = sum / (double)len;
        run_len[runs] = len;
        runs++;
        i = j;
    }
    if (runs < 2)
        return false;
    for (size_t r = 0; r < runs; r++) {
        if (run_len[r] < 2)
            return false;
        if (r && level[r] <= level[r - 1] * (1 + STEP_SAME))
            return false;
    }
    return true;
}

db_strategy db_strategy_classify(const double *lba_mid, const double *speed_x, size_t n)
{
    if (n == 0)
        return DB_STRAT_UNKNOWN;
    double vmin = speed_x[0], vmax = speed_x[0];
    for (size_t i = 1; i < n; i++) {
        vmin = fmin(vmin, speed_x[i]);
        vmax = fmax(vmax, speed_x[i]);
    }
    if (vmax <= 0)
        return DB_STRAT_UNKNOWN;
    if ((vmax - vmin) / vmax < FLAT_SPREAD)
        return DB_STRAT_CLV;
    if (n < 3)
        return DB_STRAT_UNKNOWN;

    /* Trailing plateau at the top speed. */
    size_t plateau = 0;
    while (plateau < n && speed_x[n - 1 - plateau] >= vmax * (1 - STEP_SAME))
        plateau++;
    size_t min_plateau = n / 20 > 2 ? n / 20 : 2;
    double rise, a, b;
    /* P-CAV: a rising CAV part, then a plateau clearly below where that CAV
     * curve would have gone (a pure CAV curve's last zones are also nearly
     * flat, but they stay on the curve). */
    if (plateau >= min_plateau && plateau < n &&
        fits_cav(lba_mid, speed_x, 0, n - plateau, &rise, &a, &b) && rise > 1.05 &&
        speed_x[0] < vmax * 0.95 &&
        sqrt(a + b * lba_mid[n - 1]) > speed_x[n - 1] * (1 + CAV_FIT_TOL))
        return DB_STRAT_PCAV;
    if (fits_cav(lba_mid, speed_x, 0, n, &rise, &a, &b) && rise > 1.05)
        return DB_STRAT_CAV;
    if (is_zclv(speed_x, n))
        return DB_STRAT_ZCLV;
    return DB_STRAT_UNKNOWN;
}
