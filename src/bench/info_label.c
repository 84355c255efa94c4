/* info_label.c - the user's --label against the manufacturer the ATIP
 * names: "sold as ATT, made by CMC Magnetics".  Users buy by brand; the
 * brand is usually not the maker (users-forum-thread.txt: "ATT doesn't
 * make CDR's, they're probably CMC media"). */
#include "info.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The first word of the label: "ATT 48x" -> "ATT". */
static void first_word(const char *label, char *out, size_t len)
{
    while (*label && isspace((unsigned char)*label))
        label++;
    size_t n = 0;
    while (label[n] && !isspace((unsigned char)label[n]) && n + 1 < len)
        n++;
    memcpy(out, label, n);
    out[n] = '\0';
}

/* Whether word appears in text as a whole word, case-insensitively. */
static bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (n == 0)
        return false;
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        bool start = p == text || !isalnum((unsigned char)p[-1]);
        bool end = !isalnum((unsigned char)p[n]);
        if (start && end)
            return true;
    }
    return false;
}

void db_info_check_label(const char *label, const db_atip_maker *maker, db_info *out)
{
    out->label_checked = false;
    out->label_matches = false;
    out->label_verdict[0] = '\0';
    if (!label || !maker)
        return;
    first_word(label, out->label_brand, sizeof out->label_brand);
    if (!out->label_brand[0])
        return;
    out->label_checked = true;
    out->label_matches = has_word(maker->short_name, out->label_brand) ||
                         has_word(maker->name, out->label_brand);
    if (out->label_matches) {
        snprintf(out->label_verdict, sizeof out->label_verdict,
                 "label and ATIP agree: %s made by %s", out->label_brand, maker->short_name);
        return;
    }
    int n = snprintf(out->label_verdict, sizeof out->label_verdict, "sold as %s, made by %s",
                     out->label_brand, maker->short_name);
    if (n > 0 && (size_t)n < sizeof out->label_verdict && has_word(maker->also_sold_as, out->label_brand))
        snprintf(out->label_verdict + n, sizeof out->label_verdict - (size_t)n,
                 " (%s is among the brands libburn lists for this code)", out->label_brand);
}
