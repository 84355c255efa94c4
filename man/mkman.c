/* mkman.c - build-time tool, not part of discbench: writes discbench's man
 * pages from the two texts that already describe it, so that nothing is
 * written twice and the pages follow the commands by themselves:
 *   - the binary's own help: `discbench --help` (the command list, devices,
 *     exit codes, environment, files) and `discbench CMD --help` for every
 *     command it lists (synopsis, description, options, the files it writes);
 *   - sections of README.md (the method, the examples): a command's own
 *     "### CMD: ..." section automatically, any other by man/pages.map.
 * A heading pages.map names that README.md no longer has is an error, so a
 * renamed README section cannot silently drop out of the manual.
 *
 * usage: mkman --bin DISCBENCH --readme README.md --map pages.map
 *              --version V --out DIR
 *        mkman --gzip IN OUT      (gzip -9, no name, no time stamp)
 *
 * Writes DIR/discbench.1 and DIR/discbench-CMD.1 for every command, each
 * also as .1.gz (what gets installed), and DIR/pages.stamp. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_COMMANDS 64
#define MAX_SECTIONS 32

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mkman: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ---- growing strings -------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            die("out of memory");
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        die("internal: formatted text too long");
    sb_add(b, tmp, (size_t)n);
}

static const char *sb_str(const sbuf *b)
{
    return b->s ? b->s : "";
}

static void sb_free(sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* ---- lines ------------------------------------------------------------ */

typedef struct lines {
    char **v;
    size_t n;
} lines;

/* Split into lines (trailing blanks and CR removed); drop_prefix: leave
 * out lines starting with it (NULL: keep all). */
static lines split_lines(const char *text, const char *drop_prefix)
{
    lines l = { 0 };
    size_t cap = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\t'))
            n--;
        if (!drop_prefix || strncmp(p, drop_prefix, strlen(drop_prefix))) {
            if (l.n == cap) {
                cap = cap ? cap * 2 : 64;
                char **v = realloc(l.v, cap * sizeof *v);
                if (!v)
                    die("out of memory");
                l.v = v;
            }
            l.v[l.n] = strndup(p, n);
            if (!l.v[l.n])
                die("out of memory");
            l.n++;
        }
        p = e ? e + 1 : p + strlen(p);
    }
    return l;
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int indent_of(const char *s)
{
    int n = 0;
    while (s[n] == ' ')
        n++;
    return n;
}

static bool blank(const char *s)
{
    return s[indent_of(s)] == '\0';
}

/* ---- files and processes ---------------------------------------------- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    sbuf b = { 0 };
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&b, buf, n);
    fclose(f);
    sb_add(&b, "", 0);
    return b.s;
}

/* stdout of `bin a1 [a2]`, which must exit 0. */
static char *run_capture(const char *bin, const char *a1, const char *a2)
{
    int fd[2];
    if (pipe(fd))
        die("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        char *argv[] = { (char *)bin, (char *)a1, (char *)a2, NULL };
        execv(bin, argv);
        _exit(127);
    }
    close(fd[1]);
    sbuf b = { 0 };
    char buf[8192];
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            sb_add(&b, buf, (size_t)n);
    close(fd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("'%s %s%s%s' failed (status %d)", bin, a1, a2 ? " " : "", a2 ? a2 : "", st);
    sb_add(&b, "", 0);
    return b.s;
}

static void write_gzip(const char *path, const char *data, size_t len)
{
    /* zlib's gz writer puts no file name and a zero time in the header:
     * the same input gives the same bytes (Debian wants that). */
    gzFile gz = gzopen(path, "wb9");
    if (!gz)
        die("%s: cannot write", path);
    if (len && gzwrite(gz, data, (unsigned)len) != (int)len)
        die("%s: write failed", path);
    if (gzclose(gz) != Z_OK)
        die("%s: write failed", path);
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(data, f) == EOF || fclose(f))
        die("%s: cannot write", path);
}

/* ---- roff escaping ---------------------------------------------------- */

/* Plain text to roff.  Backslashes become \e; a dash that starts a word
 * (an option: -d, --disc) becomes \- so it prints and copies as a minus
 * (all_dashes: every dash, for code); non-ASCII characters become
 * \[uXXXX], which groff renders in any locale; in code (breaks), a break
 * point \: after ',' and '/' so long identifier lists can wrap. */
static void esc(sbuf *b, const char *s, size_t n, bool all_dashes, bool breaks)
{
    bool dash_open = false; /* inside a word that started with a dash */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            sb_puts(b, "\\e");
        } else if (c == '-') {
            char prev = i ? s[i - 1] : ' ';
            char next = i + 1 < n ? s[i + 1] : ' ';
            bool word_start = strchr(" [(|/,=\"'`{<", prev) != NULL;
            /* in an option every dash is a minus: --trace-no-data */
            dash_open = all_dashes || dash_open ||
                        (word_start && (isalnum((unsigned char)next) || next == '-'));
            sb_puts(b, dash_open ? "\\-" : "-");
            continue;
        } else if (c >= 0x80) {
            unsigned cp = 0;
            size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : c & 0x1F;
            size_t k = 0;
            for (; k < extra && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80; k++)
                cp = (cp << 6) | ((unsigned char)s[++i] & 0x3F);
            if (!extra || k < extra)
                sb_puts(b, "?");
            else
                sb_printf(b, "\\[u%04X]", cp);
        } else {
            sb_add(b, (const char *)&s[i], 1);
            if (breaks && (c == ',' || c == '/') && i + 1 < n && s[i + 1] != ' ')
                sb_puts(b, "\\:");
        }
        if (!isalnum(c) && c != '_')
            dash_open = false;
    }
}

static void esc_str(sbuf *b, const char *s, bool all_dashes)
{
    esc(b, s, strlen(s), all_dashes, false);
}

/* One output line of text: a line may not start with a control character. */
static void put_text_line(sbuf *out, const sbuf *line)
{
    const char *s = sb_str(line);
    if (*s == '.' || *s == '\'')
        sb_puts(out, "\\&");
    sb_puts(out, s);
    sb_puts(out, "\n");
}

/* Markdown inline markup to roff: `code` and **bold** bold, *em* italic,
 * [text](url) as "text (url)", the rest escaped. */
static void md_inline(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    size_t i = 0, plain = 0;
#define FLUSH_PLAIN() esc(b, s + plain, i - plain, false, false)
    while (i < n) {
        if (s[i] == '`') {
            const char *end = strchr(s + i + 1, '`');
            if (end) {
                FLUSH_PLAIN();
                sb_puts(b, "\\fB");
                esc(b, s + i + 1, (size_t)(end - s - i - 1), true, true);
                sb_puts(b, "\\fR");
                i = (size_t)(end - s) + 1;
                plain = i;
                continue;
            }
        } else if (s[i] == '*' && s[i + 1] == '*' && i + 2 < n && s[i + 2] != ' ') {
            const char *end = strstr(s + i + 2, "**");
            if (end) {
                FLUSH_PLAIN();
                sb_puts(b, "\\fB");
                char *inner = strndup(s + i + 2, (size_t)(end - s - i - 2));
                if (!inner)
                    die("out of memory");
                md_inline(b, inner);
                free(inner);
                sb_puts(b, "\\fR");
                i = (size_t)(end - s) + 2;
                plain = i;
                continue;
            }
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '*' &&
                   (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
            const char *end = strchr(s + i + 1, '*');
            if (end && end[-1] != ' ' && !isalnum((unsigned char)end[1])) {
                FLUSH_PLAIN();
                sb_puts(b, "\\fI");
                esc(b, s + i + 1, (size_t)(end - s - i - 1), false, false);
                sb_puts(b, "\\fR");
                i = (size_t)(end - s) + 1;
                plain = i;
                continue;
            }
        } else if (s[i] == '[') {
            const char *close = strchr(s + i, ']');
            if (close && close[1] != '(')
                close = NULL;
            const char *rpar = close ? strchr(close, ')') : NULL;
            if (close && rpar && !memchr(s + i, '\n', (size_t)(rpar - s - i))) {
                FLUSH_PLAIN();
                char *text = strndup(s + i + 1, (size_t)(close - s - i - 1));
                if (!text)
                    die("out of memory");
                md_inline(b, text);
                free(text);
                sb_puts(b, " (");
                esc(b, close + 2, (size_t)(rpar - close - 2), false, true);
                sb_puts(b, ")");
                i = (size_t)(rpar - s) + 1;
                plain = i;
                continue;
            }
        }
        i++;
    }
    FLUSH_PLAIN();
#undef FLUSH_PLAIN
}

/* ---- Markdown blocks -------------------------------------------------- */

static void code_block(sbuf *out, char **ln, size_t n, int strip)
{
    sb_puts(out, ".PP\n.RS 4\n.nf\n");
    for (size_t i = 0; i < n; i++) {
        const char *s = ln[i];
        int ind = indent_of(s);
        s += ind < strip ? ind : strip;
        sbuf line = { 0 };
        if (!*s)
            sb_puts(&line, "\\&");
        esc_str(&line, s, true);
        put_text_line(out, &line);
        sb_free(&line);
    }
    sb_puts(out, ".fi\n.RE\n");
}

/* Cells of a table row "| a | `b|c` |": split on '|' outside code spans. */
static size_t table_cells(const char *row, char **cells, size_t max)
{
    size_t n = 0;
    bool code = false;
    const char *start = row;
    for (const char *p = row;; p++) {
        if (*p == '`')
            code = !code;
        if ((*p == '|' && !code) || !*p) {
            const char *a = start, *e = p;
            while (a < e && *a == ' ')
                a++;
            while (e > a && e[-1] == ' ')
                e--;
            if (n < max && !(p == row || (!*p && a == e))) {
                cells[n] = strndup(a, (size_t)(e - a));
                if (!cells[n++])
                    die("out of memory");
            }
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return n;
}

/* A Markdown table as a list: the first cell is the tag, the others its
 * text (two columns: the second; more: "header: cell" each). */
static void table_block(sbuf *out, char **ln, size_t n)
{
    char *head[16] = { 0 };
    size_t nhead = table_cells(ln[0], head, 16);
    for (size_t r = 1; r < n; r++) {
        char *cell[16] = { 0 };
        size_t nc = table_cells(ln[r], cell, 16);
        bool rule = nc > 0;
        for (size_t c = 0; c < nc; c++)
            if (strspn(cell[c], "-: ") != strlen(cell[c]))
                rule = false;
        if (!rule && nc > 0) {
            sbuf t = { 0 };
            sb_puts(out, ".TP\n");
            md_inline(&t, cell[0]);
            put_text_line(out, &t);
            sb_free(&t);
            for (size_t c = 1; c < nc; c++) {
                if (!cell[c][0])
                    continue;
                if (t.len)
                    sb_puts(&t, "; ");
                if (nc > 2 && c < nhead) {
                    md_inline(&t, head[c]);
                    sb_puts(&t, ": ");
                }
                md_inline(&t, cell[c]);
            }
            put_text_line(out, &t);
            sb_free(&t);
        }
        for (size_t c = 0; c < nc; c++)
            free(cell[c]);
    }
    for (size_t c = 0; c < nhead; c++)
        free(head[c]);
}

static bool list_item(const char *s, const char **text, bool *numbered)
{
    int ind = indent_of(s);
    if (ind > 3)
        return false;
    s += ind;
    if ((s[0] == '-' || s[0] == '*') && s[1] == ' ') {
        *text = s + 2;
        *numbered = false;
        return true;
    }
    size_t d = strspn(s, "0123456789");
    if (d > 0 && s[d] == '.' && s[d + 1] == ' ') {
        *text = s + d + 2;
        *numbered = true;
        return true;
    }
    return false;
}

/* Render Markdown lines as roff.  When examples is not NULL, the code
 * blocks that come before any other text go there (a README section opens
 * with its example commands) instead of into out. */
static void md_render(sbuf *out, char **ln, size_t n, sbuf *examples)
{
    sbuf para = { 0 };
    enum { PARA, BULLET, NUMBER } kind = PARA;
    int number = 0;
    bool content = false;
    for (size_t i = 0; i <= n; i++) {
        const char *s = i < n ? ln[i] : "";
        const char *item = NULL;
        bool numbered = false;
        bool is_item = i < n && list_item(s, &item, &numbered);
        bool ends = i == n || blank(s) || s[0] == '#' || s[0] == '|' || is_item ||
                    !strncmp(s + indent_of(s), "```", 3) || (!para.len && indent_of(s) >= 4);
        if (ends && para.len) {
            if (kind == BULLET)
                sb_puts(out, ".IP \\(bu 2\n");
            else if (kind == NUMBER)
                sb_printf(out, ".IP %d. 4\n", number);
            else
                sb_puts(out, ".PP\n");
            sbuf t = { 0 };
            md_inline(&t, sb_str(&para));
            put_text_line(out, &t);
            sb_free(&t);
            sb_free(&para);
            content = true;
        }
        if (i == n)
            break;
        if (blank(s)) {
            kind = PARA;
            continue;
        }
        if (!strncmp(s + indent_of(s), "```", 3)) {
            size_t j = i + 1;
            while (j < n && strncmp(ln[j] + indent_of(ln[j]), "```", 3))
                j++;
            code_block(examples && !content ? examples : out, ln + i + 1, j - i - 1,
                       indent_of(s));
            content = content || !examples;
            i = j;
            continue;
        }
        if (!para.len && kind == PARA && indent_of(s) >= 4) {
            size_t j = i;
            while (j < n && (indent_of(ln[j]) >= 4 || (blank(ln[j]) && j + 1 < n &&
                                                       indent_of(ln[j + 1]) >= 4)))
                j++;
            code_block(examples && !content ? examples : out, ln + i, j - i, 4);
            content = content || !examples;
            i = j - 1;
            continue;
        }
        if (s[0] == '#') {
            const char *h = s + strspn(s, "#");
            h += strspn(h, " ");
            sbuf t = { 0 };
            md_inline(&t, h);
            sb_puts(out, ".SS ");
            put_text_line(out, &t);
            sb_free(&t);
            content = true;
            continue;
        }
        if (s[0] == '|') {
            size_t j = i;
            while (j < n && ln[j][0] == '|')
                j++;
            table_block(out, ln + i, j - i);
            content = true;
            i = j - 1;
            continue;
        }
        if (is_item) {
            if (numbered)
                number = atoi(s + indent_of(s));
            kind = numbered ? NUMBER : BULLET;
            sb_puts(&para, item);
            continue;
        }
        if (para.len)
            sb_puts(&para, " ");
        sb_puts(&para, s + indent_of(s));
    }
    sb_free(&para);
}

/* ---- README sections -------------------------------------------------- */

typedef struct readme {
    lines l;
} readme;

static int heading_level(const char *s)
{
    int lv = (int)strspn(s, "#");
    return lv > 0 && s[lv] == ' ' ? lv : 0;
}

/* The section whose heading text starts with prefix (exact: whole text
 * when exact): [*from, *to) is its body.  Headings inside ``` blocks do
 * not count. */
static bool readme_find(const readme *r, const char *prefix, bool cmd_rule, size_t *from,
                        size_t *to)
{
    bool fence = false;
    for (size_t i = 0; i < r->l.n; i++) {
        const char *s = r->l.v[i];
        if (!strncmp(s, "```", 3))
            fence = !fence;
        int lv = fence ? 0 : heading_level(s);
        if (!lv)
            continue;
        const char *text = s + lv + 1;
        size_t pl = strlen(prefix);
        bool match = cmd_rule ? !strncmp(text, prefix, pl) && (text[pl] == ':' || !text[pl])
                              : !strncmp(text, prefix, pl);
        if (!match)
            continue;
        size_t j = i + 1;
        bool f2 = false;
        for (; j < r->l.n; j++) {
            if (!strncmp(r->l.v[j], "```", 3))
                f2 = !f2;
            int l2 = f2 ? 0 : heading_level(r->l.v[j]);
            /* a section runs to the next heading of its level; the title
             * (#) only to the first heading: its introduction */
            if (l2 && (l2 <= lv || lv == 1))
                break;
        }
        *from = i + 1;
        *to = j;
        return true;
    }
    return false;
}

/* ---- pages ------------------------------------------------------------ */

typedef struct section {
    char title[64];
    sbuf body;
} section;

typedef struct page {
    char name[64];    /* discbench, discbench-transfer */
    char what[256];   /* the NAME line's description */
    sbuf synopsis;
    section sec[MAX_SECTIONS];
    size_t nsec;
} page;

static sbuf *page_section(page *p, const char *title)
{
    for (size_t i = 0; i < p->nsec; i++)
        if (!strcmp(p->sec[i].title, title))
            return &p->sec[i].body;
    if (p->nsec == MAX_SECTIONS)
        die("%s: too many sections", p->name);
    section *s = &p->sec[p->nsec++];
    snprintf(s->title, sizeof s->title, "%s", title);
    return &s->body;
}

static void page_free(page *p)
{
    sb_free(&p->synopsis);
    for (size_t i = 0; i < p->nsec; i++)
        sb_free(&p->sec[i].body);
}

/* Sections in man-pages(7) order: these first, any other in the order
 * they were made, then the closing ones. */
static const char *const first_titles[] = { "DESCRIPTION", "COMMANDS", "OPTIONS", NULL };
static const char *const last_titles[] = { "FILES", "EXIT STATUS", "ENVIRONMENT", "EXAMPLES",
                                           "SEE ALSO", NULL };

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

static void emit_section(sbuf *out, const section *s)
{
    if (!s->body.len)
        return;
    sb_printf(out, ".SH %s\n", s->title);
    sb_puts(out, sb_str(&s->body));
}

static void page_write(page *p, const char *dir, const char *version, const char *date,
                       sbuf *stamp)
{
    sbuf out = { 0 };
    sbuf up = { 0 };
    for (const char *c = p->name; *c; c++)
        sb_add(&up, &(char){ (char)toupper((unsigned char)*c) }, 1);
    sb_printf(&out, ".\\\" %s(1): generated at build time by man/mkman.c from the --help of\n"
                    ".\\\" discbench and README.md (and man/pages.map); edit those, not this file.\n",
              p->name);
    sbuf t = { 0 };
    esc_str(&t, sb_str(&up), true);
    sb_printf(&out, ".TH %s 1 \"%s\" \"discbench %s\" \"discbench manual\"\n", sb_str(&t), date,
              version);
    sb_free(&t);
    sb_free(&up);
    sb_puts(&out, ".ad l\n.nh\n.SH NAME\n");
    esc_str(&out, p->name, true);
    sb_puts(&out, " \\- ");
    esc_str(&out, p->what, false);
    sb_puts(&out, "\n.SH SYNOPSIS\n");
    sb_puts(&out, sb_str(&p->synopsis));
    for (const char *const *tt = first_titles; *tt; tt++)
        for (size_t i = 0; i < p->nsec; i++)
            if (!strcmp(p->sec[i].title, *tt))
                emit_section(&out, &p->sec[i]);
    for (size_t i = 0; i < p->nsec; i++)
        if (!in_list(first_titles, p->sec[i].title) && !in_list(last_titles, p->sec[i].title))
            emit_section(&out, &p->sec[i]);
    for (const char *const *tt = last_titles; *tt; tt++)
        for (size_t i = 0; i < p->nsec; i++)
            if (!strcmp(p->sec[i].title, *tt))
                emit_section(&out, &p->sec[i]);

    char path[4096];
    snprintf(path, sizeof path, "%s/%s.1", dir, p->name);
    write_file(path, sb_str(&out));
    snprintf(path, sizeof path, "%s/%s.1.gz", dir, p->name);
    write_gzip(path, sb_str(&out), out.len);
    sb_printf(stamp, "%s.1\n", p->name);
    sb_free(&out);
}

/* ---- help text -------------------------------------------------------- */

/* An option argument in a help line: N, DIR, X|max, 294|296 ... */
static bool arg_token(const char *t, size_t n)
{
    bool pipe = memchr(t, '|', n) != NULL;
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)t[i]) && !pipe)
            return false;
    return n > 0;
}

/* A definition line of a help text: "  -d, --device DEV   text",
 * "DISCBENCH_DEBUG  text", "show       text".  *term is malloc'd. */
static bool parse_def(const char *line, int *indent, char **term, const char **desc)
{
    int ind = indent_of(line);
    const char *s = line + ind;
    if (ind > 8 || !*s)
        return false;
    const char *gap = strstr(s, "  ");
    size_t tl = 0;
    if (gap) {
        tl = (size_t)(gap - s);
        bool option = s[0] == '-';
        bool word = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == tl;
        if (!option && !(word && ind <= 2 && isalpha((unsigned char)s[0])))
            return false;
        *desc = gap + strspn(gap, " ");
    } else {
        /* "      --jitter-window N largest shift": options, then arguments */
        if (ind < 2 || s[0] != '-')
            return false;
        const char *p = s;
        bool arg_seen = false;
        while (*p) {
            size_t w = strcspn(p, " ");
            bool opt = p[0] == '-';
            if (!opt && (!arg_token(p, w) || arg_seen))
                break;
            if (!opt)
                arg_seen = true;
            p += w;
            tl = (size_t)(p - s);
            p += strspn(p, " ");
        }
        *desc = s + tl + strspn(s + tl, " ");
    }
    *indent = ind;
    *term = strndup(s, tl);
    if (!*term)
        die("out of memory");
    return true;
}

/* "-d, --device DEV" -> options bold, arguments italic; a word term bold. */
static void term_roff(sbuf *b, const char *term)
{
    const char *p = term;
    bool first = true;
    while (*p) {
        size_t w = strcspn(p, " ");
        size_t core = w;
        while (core > 0 && p[core - 1] == ',')
            core--;
        if (!first)
            sb_puts(b, " ");
        bool bold = p[0] == '-' || first;
        sb_puts(b, bold ? "\\fB" : "\\fI");
        esc(b, p, core, p[0] == '-', false);
        sb_puts(b, "\\fR");
        sb_add(b, p + core, w - core);
        p += w;
        p += strspn(p, " ");
        first = false;
    }
}

/* One paragraph of help text: definitions as .TP, text as .PP. */
static void help_render(sbuf *out, char **ln, size_t n)
{
    sbuf text = { 0 };
    for (size_t i = 0; i <= n; i++) {
        int ind;
        char *term = NULL;
        const char *desc = NULL;
        bool def = i < n && parse_def(ln[i], &ind, &term, &desc);
        if ((def || i == n) && text.len) {
            sb_puts(out, ".PP\n");
            put_text_line(out, &text);
            sb_free(&text);
        }
        if (i == n)
            break;
        if (!def) {
            if (text.len)
                sb_puts(&text, " ");
            esc_str(&text, ln[i] + indent_of(ln[i]), false);
            continue;
        }
        sbuf d = { 0 };
        esc_str(&d, desc, false);
        while (i + 1 < n) {
            int ind2;
            char *t2 = NULL;
            const char *d2;
            if (indent_of(ln[i + 1]) <= ind || parse_def(ln[i + 1], &ind2, &t2, &d2)) {
                free(t2);
                break;
            }
            i++;
            if (d.len)
                sb_puts(&d, " ");
            esc_str(&d, ln[i] + indent_of(ln[i]), false);
        }
        sbuf t = { 0 };
        term_roff(&t, term);
        sb_puts(out, ".TP\n");
        put_text_line(out, &t);
        if (d.len)
            put_text_line(out, &d);
        sb_free(&t);
        sb_free(&d);
        free(term);
    }
    sb_free(&text);
}

static bool para_has_def(char **ln, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ind;
        char *term = NULL;
        const char *desc;
        if (parse_def(ln[i], &ind, &term, &desc)) {
            free(term);
            return true;
        }
    }
    return false;
}

/* Paragraph boundaries of a help text: para k is lines [at[k], at[k+1]-...). */
typedef struct paras {
    size_t start[256], end[256];
    size_t n;
} paras;

static void split_paras(const lines *l, paras *p)
{
    p->n = 0;
    for (size_t i = 0; i < l->n;) {
        while (i < l->n && blank(l->v[i]))
            i++;
        if (i == l->n)
            break;
        size_t j = i;
        while (j < l->n && !blank(l->v[j]))
            j++;
        if (p->n == 256)
            die("help text with too many paragraphs");
        p->start[p->n] = i;
        p->end[p->n] = j;
        p->n++;
        i = j;
    }
}

/* The usage paragraph as SYNOPSIS: "discbench CMD words" bold, the rest
 * as written, one line per usage line. */
static void synopsis_render(sbuf *out, char **ln, size_t n)
{
    sb_puts(out, ".nf\n");
    for (size_t i = 0; i < n; i++) {
        const char *s = ln[i];
        if (!strncmp(s, "usage:", 6))
            s += 6;
        int ind = indent_of(s);
        s += ind;
        /* drop a trailing remark set off by three spaces: "   (see ...)" */
        const char *remark = strstr(s, "   (");
        size_t len = remark ? (size_t)(remark - s) : strlen(s);
        sbuf t = { 0 };
        if (i > 0 && ind > 7 && strncmp(s, "discbench", 9))
            for (int k = 7; k < ind; k++)
                sb_puts(&t, " ");
        size_t bold = 0;
        if (!strncmp(s, "discbench", 9)) {
            const char *p = s;
            while (p < s + len) {
                size_t w = strcspn(p, " ");
                if (p != s && (p[0] == '[' || p[0] == '-' || isupper((unsigned char)p[0])))
                    break;
                p += w;
                bold = (size_t)(p - s);
                p += strspn(p, " ");
            }
        }
        if (bold) {
            sb_puts(&t, "\\fB");
            esc(&t, s, bold, false, false);
            sb_puts(&t, "\\fR");
        }
        esc(&t, s + bold, len - bold, false, false);
        put_text_line(out, &t);
        sb_free(&t);
    }
    sb_puts(out, ".fi\n");
}

/* ---- the pages -------------------------------------------------------- */

typedef struct cmdinfo {
    char name[32];
    char what[256];
} cmdinfo;

typedef struct mainhelp {
    cmdinfo cmd[MAX_COMMANDS];
    size_t ncmd;
    sbuf exit_roff;  /* the exit codes paragraph, for every page */
    sbuf env_roff;   /* the environment paragraph, for every page */
} mainhelp;

static const struct {
    const char *label, *title;
} label_titles[] = {
    { "exit codes", "EXIT STATUS" }, { "environment", "ENVIRONMENT" },
    { "files", "FILES" },           { "devices", "DEVICES AND DISCS" },
};

/* discbench --help: usage, description, "commands:", then "label: text"
 * paragraphs, each into the section its label names. */
static void main_page(page *p, const char *text, mainhelp *mh)
{
    lines l = split_lines(text, "this binary:");
    paras ps;
    split_paras(&l, &ps);
    if (!ps.n || strncmp(l.v[ps.start[0]], "usage:", 6))
        die("discbench --help does not start with 'usage:'");
    snprintf(p->name, sizeof p->name, "discbench");
    synopsis_render(&p->synopsis, l.v + ps.start[0], ps.end[0] - ps.start[0]);
    bool described = false;
    for (size_t k = 1; k < ps.n; k++) {
        char **ln = l.v + ps.start[k];
        size_t n = ps.end[k] - ps.start[k];
        const char *colon = strchr(ln[0], ':');
        size_t ll = colon ? (size_t)(colon - ln[0]) : 0;
        bool label = colon && ll > 0 && strspn(ln[0], "abcdefghijklmnopqrstuvwxyz ") == ll &&
                     (colon[1] == ' ' || !colon[1]);
        if (!label) {
            if (!described) {
                /* the first sentence is the NAME line */
                snprintf(p->what, sizeof p->what, "%s", ln[0]);
                size_t wl = strlen(p->what);
                if (wl && p->what[wl - 1] == '.')
                    p->what[wl - 1] = '\0';
                if (!strncmp(p->what, "A ", 2))
                    p->what[0] = 'a';
                described = true;
                if (n == 1)
                    continue; /* it is the NAME line, not said twice */
            }
            help_render(page_section(p, "DESCRIPTION"), ln, n);
            continue;
        }
        char lab[64];
        snprintf(lab, sizeof lab, "%.*s", (int)ll, ln[0]);
        if (!strcmp(lab, "commands")) {
            sbuf *s = page_section(p, "COMMANDS");
            for (size_t i = 1; i < n; i++) {
                int ind;
                char *term = NULL;
                const char *desc;
                if (!parse_def(ln[i], &ind, &term, &desc))
                    die("discbench --help: not a command line: '%s'", ln[i]);
                if (mh->ncmd == MAX_COMMANDS)
                    die("too many commands");
                cmdinfo *c = &mh->cmd[mh->ncmd++];
                snprintf(c->name, sizeof c->name, "%s", term);
                snprintf(c->what, sizeof c->what, "%s", desc);
                sb_printf(s, ".TP\n\\fB%s\\fR\n", term);
                sbuf d = { 0 };
                esc_str(&d, desc, false);
                sb_puts(&d, "; see \\fBdiscbench\\-");
                esc_str(&d, term, true);
                sb_puts(&d, "\\fR(1).");
                put_text_line(s, &d);
                sb_free(&d);
                free(term);
            }
            continue;
        }
        /* "label: first line" + lines aligned under it: drop the label and
         * that alignment, so "environment: A  text" lists like options */
        size_t width = (size_t)(colon - ln[0]) + 1 + strspn(colon + 1, " ");
        lines body = { 0 };
        body.v = calloc(n, sizeof *body.v);
        if (!body.v)
            die("out of memory");
        body.n = n;
        for (size_t i = 0; i < n; i++) {
            size_t ind = (size_t)indent_of(ln[i]);
            const char *s = i == 0 ? ln[0] + width : ln[i] + (ind >= width ? width : 0);
            body.v[i] = strdup(s);
            if (!body.v[i])
                die("out of memory");
        }
        const char *title = NULL;
        for (size_t t = 0; t < sizeof label_titles / sizeof label_titles[0]; t++)
            if (!strcmp(lab, label_titles[t].label))
                title = label_titles[t].title;
        char upper[64];
        if (!title) {
            for (size_t i = 0; i <= strlen(lab); i++)
                upper[i] = (char)toupper((unsigned char)lab[i]);
            title = upper;
        }
        help_render(page_section(p, title), body.v, body.n);
        if (!strcmp(lab, "exit codes"))
            help_render(&mh->exit_roff, body.v, body.n);
        if (!strcmp(lab, "environment"))
            help_render(&mh->env_roff, body.v, body.n);
        lines_free(&body);
    }
    if (!mh->ncmd)
        die("discbench --help lists no commands");
    lines_free(&l);
}

/* discbench CMD --help: usage -> SYNOPSIS; text before the options ->
 * DESCRIPTION; paragraphs with options -> OPTIONS; after them, text from a
 * line "Writes ..." -> FILES, from "Exit..." -> EXIT STATUS, other -> OPTIONS. */
static void command_page(page *p, const cmdinfo *c, const char *text)
{
    lines l = split_lines(text, NULL);
    paras ps;
    split_paras(&l, &ps);
    if (!ps.n || strncmp(l.v[ps.start[0]], "usage:", 6))
        die("discbench %s --help does not start with 'usage:'", c->name);
    snprintf(p->name, sizeof p->name, "discbench-%s", c->name);
    snprintf(p->what, sizeof p->what, "%s", c->what);
    synopsis_render(&p->synopsis, l.v + ps.start[0], ps.end[0] - ps.start[0]);
    bool options_seen = false;
    for (size_t k = 1; k < ps.n; k++) {
        char **ln = l.v + ps.start[k];
        size_t n = ps.end[k] - ps.start[k];
        if (para_has_def(ln, n)) {
            options_seen = true;
            help_render(page_section(p, "OPTIONS"), ln, n);
            continue;
        }
        if (!options_seen) {
            help_render(page_section(p, "DESCRIPTION"), ln, n);
            continue;
        }
        for (size_t i = 0; i < n;) {
            const char *title = !strncmp(ln[i], "Writes ", 7) ? "FILES"
                                : !strncmp(ln[i], "Exit", 4)  ? "EXIT STATUS"
                                                              : "OPTIONS";
            size_t j = i + 1;
            while (j < n && strncmp(ln[j], "Writes ", 7) && strncmp(ln[j], "Exit", 4))
                j++;
            help_render(page_section(p, title), ln + i, j - i);
            i = j;
        }
    }
    lines_free(&l);
}

/* ---- main ------------------------------------------------------------- */

static page *find_page(page *pages, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(pages[i].name, name))
            return &pages[i];
    return NULL;
}

static void remove_old_pages(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        die("%s: %s", dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (!strncmp(e->d_name, "discbench", 9) &&
            ((n > 2 && !strcmp(e->d_name + n - 2, ".1")) ||
             (n > 5 && !strcmp(e->d_name + n - 5, ".1.gz")))) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

/* The date on the pages: $SOURCE_DATE_EPOCH (reproducible builds), else
 * when README.md last changed. */
static void page_date(const char *readme_path, char *out, size_t len)
{
    time_t t = 0;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    struct stat st;
    if (sde && *sde)
        t = (time_t)strtoll(sde, NULL, 10);
    else if (stat(readme_path, &st) == 0)
        t = st.st_mtime;
    else
        t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, len, "%Y-%m-%d", &tm);
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--gzip")) {
        char *data = read_file(argv[2]);
        write_gzip(argv[3], data, strlen(data));
        free(data);
        return 0;
    }
    const char *bin = NULL, *readme_path = NULL, *map_path = NULL, *version = NULL, *dir = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--bin"))
            bin = argv[i + 1];
        else if (!strcmp(argv[i], "--readme"))
            readme_path = argv[i + 1];
        else if (!strcmp(argv[i], "--map"))
            map_path = argv[i + 1];
        else if (!strcmp(argv[i], "--version"))
            version = argv[i + 1];
        else if (!strcmp(argv[i], "--out"))
            dir = argv[i + 1];
        else
            die("unknown option %s", argv[i]);
    }
    if (!bin || !readme_path || !map_path || !version || !dir)
        die("usage: mkman --bin DISCBENCH --readme README.md --map pages.map --version V "
            "--out DIR | --gzip IN OUT");
    mkdir(dir, 0755);

    static page pages[MAX_COMMANDS + 1];
    static mainhelp mh;
    size_t npages = 1;
    char *help = run_capture(bin, "--help", NULL);
    main_page(&pages[0], help, &mh);
    free(help);
    for (size_t i = 0; i < mh.ncmd; i++) {
        char *h = run_capture(bin, mh.cmd[i].name, "--help");
        command_page(&pages[npages++], &mh.cmd[i], h);
        free(h);
    }

    char *rtext = read_file(readme_path);
    readme r = { split_lines(rtext, NULL) };
    free(rtext);

    /* each command's own README section: its examples and method */
    sbuf *all_examples = page_section(&pages[0], "EXAMPLES");
    for (size_t i = 0; i < mh.ncmd; i++) {
        size_t from, to;
        page *p = &pages[i + 1];
        if (!readme_find(&r, mh.cmd[i].name, true, &from, &to))
            continue;
        sbuf examples = { 0 };
        md_render(page_section(p, "DESCRIPTION"), r.l.v + from, to - from, &examples);
        if (examples.len) {
            sb_puts(page_section(p, "EXAMPLES"), sb_str(&examples));
            sb_puts(all_examples, sb_str(&examples));
        }
        sb_free(&examples);
    }

    /* the sections pages.map adds: "PAGE | SECTION | README heading" */
    char *mtext = read_file(map_path);
    lines map = split_lines(mtext, NULL);
    free(mtext);
    for (size_t i = 0; i < map.n; i++) {
        const char *s = map.v[i] + indent_of(map.v[i]);
        if (!*s || *s == '#')
            continue;
        char f[3][256];
        const char *p = s;
        for (int k = 0; k < 3; k++) {
            size_t w = k < 2 ? strcspn(p, "|") : strlen(p);
            if (k < 2 && !p[w])
                die("%s:%zu: expected 'PAGE | SECTION | README heading'", map_path, i + 1);
            while (w > 0 && p[w - 1] == ' ')
                w--;
            snprintf(f[k], sizeof f[k], "%.*s", (int)w, p);
            p += strcspn(p, "|");
            if (*p)
                p++;
            p += strspn(p, " ");
        }
        page *pg = find_page(pages, npages, f[0]);
        if (!pg)
            die("%s:%zu: no page '%s' (discbench --help lists no such command)", map_path,
                i + 1, f[0]);
        size_t from, to;
        if (!readme_find(&r, f[2], false, &from, &to))
            die("%s:%zu: README.md has no heading starting '%s' (renamed? update the map)",
                map_path, i + 1, f[2]);
        /* into a DESCRIPTION, the section's opening commands are EXAMPLES */
        sbuf examples = { 0 };
        md_render(page_section(pg, f[1]), r.l.v + from, to - from,
                  strcmp(f[1], "DESCRIPTION") ? NULL : &examples);
        if (examples.len)
            sb_puts(page_section(pg, "EXAMPLES"), sb_str(&examples));
        sb_free(&examples);
    }
    lines_free(&map);
    lines_free(&r.l);
    sb_puts(page_section(&pages[0], "DESCRIPTION"),
            ".PP\nEvery \\fICOMMAND\\fR has its own page, \\fBdiscbench\\-\\fR\\fICOMMAND\\fR(1) "
            "(\\fBman discbench\\fR \\fICOMMAND\\fR), and prints its options with "
            "\\fBdiscbench\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR.\n");

    /* every page: the exit codes and environment of discbench --help;
     * SEE ALSO */
    for (size_t i = 1; i < npages; i++) {
        sb_puts(page_section(&pages[i], "EXIT STATUS"), sb_str(&mh.exit_roff));
        sb_puts(page_section(&pages[i], "ENVIRONMENT"), sb_str(&mh.env_roff));
        sb_puts(page_section(&pages[i], "SEE ALSO"), ".BR discbench (1),\n.BR gnuplot (1)\n");
    }
    sbuf *see = page_section(&pages[0], "SEE ALSO");
    for (size_t i = 0; i < mh.ncmd; i++) {
        sb_puts(see, ".BR discbench\\-");
        esc_str(see, mh.cmd[i].name, true);
        sb_puts(see, " (1),\n");
    }
    sb_puts(see, ".BR cd\\-info (1),\n.BR cd\\-paranoia (1),\n.BR gnuplot (1)\n");

    char date[32];
    page_date(readme_path, date, sizeof date);
    remove_old_pages(dir);
    sbuf stamp = { 0 };
    for (size_t i = 0; i < npages; i++) {
        page_write(&pages[i], dir, version, date, &stamp);
        page_free(&pages[i]);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/pages.stamp", dir);
    write_file(path, sb_str(&stamp));
    sb_free(&stamp);
    sb_free(&mh.exit_roff);
    sb_free(&mh.env_roff);
    return 0;
}
