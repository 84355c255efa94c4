/* qstats.c - C1/C2/CU totals, Red Book verdict, quality score (qstats.h). */
#include "qstats.h"

#include <math.h>
#include <string.h>

void db_qstats_init(db_qstats *q, uint32_t disc_sectors)
{
    memset(q, 0, sizeof *q);
    uint32_t s = (disc_sectors + 74) / 75;
    q->seconds_total = s < DB_QSTATS_MAX_SECONDS ? s : DB_QSTATS_MAX_SECONDS;
    q->cu_reported = true;
    q->bler10_max = NAN;
}

bool db_qstats_fresh(const db_qstats *q, uint32_t s)
{
    return s < q->seconds_total && !(q->seen[s / 8] & (1u << (s % 8)));
}

/* The window of the 10 seconds ending at `last`: average of its counted
 * seconds (ring entries holding a second in [last - 9, last]). */
static void window(db_qstats *q, uint32_t last)
{
    uint64_t sum = 0;
    uint32_t n = 0;
    for (int i = 0; i < DB_QSTATS_WINDOW; i++)
        if (q->ring_used[i] && q->ring_second[i] <= last && q->ring_second[i] + DB_QSTATS_WINDOW > last) {
            sum += q->ring_c1[i];
            n++;
        }
    if (!n)
        return;
    double avg = (double)sum / n;
    if (isnan(q->bler10_max) || avg > q->bler10_max) {
        q->bler10_max = avg;
        q->bler10_max_second = last;
    }
    if (avg >= DB_REDBOOK_BLER_MAX)
        q->windows_over++;
}

bool db_qstats_add(db_qstats *q, uint32_t s, uint32_t sectors, uint32_t c1, uint32_t c2,
                   uint32_t cu, bool has_cu)
{
    if (!db_qstats_fresh(q, s))
        return false;
    q->seen[s / 8] |= (uint8_t)(1u << (s % 8));
    q->seconds_counted++;
    q->sectors_counted += sectors;
    q->c1_total += c1;
    q->c2_total += c2;
    if (c1 > q->c1_max || q->seconds_counted == 1) {
        q->c1_max = c1;
        q->c1_max_second = s;
    }
    if (c2 > q->c2_max || q->seconds_counted == 1) {
        q->c2_max = c2;
        q->c2_max_second = s;
    }
    q->seconds_with_c2 += c2 > 0;
    if (has_cu) {
        q->cu_total += cu;
        q->seconds_with_cu += cu > 0;
        if (cu > q->cu_max || q->seconds_counted == 1) {
            q->cu_max = cu;
            q->cu_max_second = s;
        }
    } else {
        q->cu_reported = false;
    }
    int slot = (int)(s % DB_QSTATS_WINDOW);
    q->ring_second[slot] = s;
    q->ring_c1[slot] = c1;
    q->ring_used[slot] = true;
    if (s + 1 >= DB_QSTATS_WINDOW)
        window(q, s);
    return true;
}

void db_qstats_finish(db_qstats *q)
{
    /* a short scan: its counted seconds are the one window */
    if (q->seconds_counted && isnan(q->bler10_max) && q->seconds_counted < DB_QSTATS_WINDOW) {
        double avg = (double)q->c1_total / q->seconds_counted;
        q->bler10_max = avg;
        q->bler10_max_second = q->c1_max_second;
        if (avg >= DB_REDBOOK_BLER_MAX)
            q->windows_over++;
    }
}

static double avg_of(uint64_t total, uint32_t n)
{
    return n ? (double)total / n : NAN;
}

double db_qstats_c1_avg(const db_qstats *q) { return avg_of(q->c1_total, q->seconds_counted); }
double db_qstats_c2_avg(const db_qstats *q) { return avg_of(q->c2_total, q->seconds_counted); }
double db_qstats_cu_avg(const db_qstats *q) { return q->cu_reported ? avg_of(q->cu_total, q->seconds_counted) : NAN; }

const char *db_verdict_name(db_verdict v)
{
    switch (v) {
    case DB_VERDICT_PASS: return "pass";
    case DB_VERDICT_FAIL: return "fail";
    case DB_VERDICT_INCOMPLETE: return "incomplete";
    case DB_VERDICT_NOT_BELIEVED: return "not-believed";
    case DB_VERDICT_NONE: return "none";
    }
    return "?";
}

static bool redbook_broken(const db_qstats *q)
{
    return q->windows_over > 0 || q->cu_total > 0;
}

db_verdict db_qstats_verdict(const db_qstats *q, bool complete, bool believed)
{
    if (redbook_broken(q))
        return DB_VERDICT_FAIL;
    if (!q->seconds_counted)
        return DB_VERDICT_NONE;
    if (!believed)
        return DB_VERDICT_NOT_BELIEVED;
    if (!complete)
        return DB_VERDICT_INCOMPLETE;
    return DB_VERDICT_PASS;
}

int db_qstats_score(const db_qstats *q, bool complete, bool believed)
{
    if (!complete || !believed || !q->seconds_counted)
        return -1;
    double c1_avg = db_qstats_c1_avg(q);
    double c2_scaled = (double)q->c2_total * DB_QSTATS_DISC80_S / q->seconds_counted;
    double bler10 = isnan(q->bler10_max) ? c1_avg : q->bler10_max;
    double p1 = fmin(50.0, 25.0 * log10(1.0 + c1_avg));
    double p2 = fmin(30.0, 10.0 * log10(1.0 + c2_scaled));
    double p3 = 20.0 * fmin(1.0, bler10 / DB_REDBOOK_BLER_MAX);
    double score = 100.0 - p1 - p2 - p3;
    if (q->cu_total > 0)
        score = fmin(score, 20.0);
    if (q->windows_over > 0)
        score = fmin(score, 40.0);
    long r = lround(score);
    return r < 0 ? 0 : r > 100 ? 100 : (int)r;
}
