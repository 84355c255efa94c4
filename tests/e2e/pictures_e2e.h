/* pictures_e2e.h - checks of the pictures discbench draws, shared by the
 * e2e tests of compare, suite, grade and the demo (header only, static). */
#ifndef DB_PICTURES_E2E_H
#define DB_PICTURES_E2E_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static inline uint32_t pe_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A whole PNG file: signature, an IHDR chunk first (13 bytes, non-zero
 * size), chunks that chain to the end, IEND last.  Returns 1 if valid. */
static inline int pe_png_valid(const char *path, uint32_t *width, uint32_t *height)
{
    size_t len;
    unsigned char *p = (unsigned char *)tu_read_file(path, &len);
    if (!p)
        return 0;
    int ok = len > 8 + 25 + 12 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8) && pe_be32(p + 8) == 13 &&
             !memcmp(p + 12, "IHDR", 4) && pe_be32(p + 16) > 0 && pe_be32(p + 20) > 0;
    if (ok) {
        if (width)
            *width = pe_be32(p + 16);
        if (height)
            *height = pe_be32(p + 20);
        size_t off = 8;
        int iend = 0;
        while (ok && off + 12 <= len && !iend) {
            uint32_t n = pe_be32(p + off);
            if (n > len - off - 12)
                ok = 0;
            else {
                iend = !memcmp(p + off + 4, "IEND", 4);
                off += 12 + n;
            }
        }
        ok = ok && iend && off == len;
    }
    free(p);
    return ok;
}

/* Plot elements in a gnuplot SVG: one <g id="gnuplot_plot_N"> per curve
 * (or per bar series) drawn; -1 when the file cannot be read. */
static inline int pe_svg_plots(const char *path)
{
    char *s = tu_read_file(path, NULL);
    if (!s)
        return -1;
    int n = 0;
    for (const char *p = s; (p = strstr(p, "id=\"gnuplot_plot_")); p++)
        n++;
    free(s);
    return n;
}

#endif
