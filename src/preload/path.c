/* path.c - lexical path normalisation, so "/tmp/x/../vcd0", "/tmp//vcd0"
 * and "vcd0" run from /tmp all name the node.  No file system access: the
 * node need not exist on disk, and symbolic links to it are not followed
 * (a link is resolved by the kernel, which does not know the node). */
#include "vdev.h"

#include <string.h>

/* Append component [s, s+n) to out (length *len), handling "." and "..". */
static int push(char *out, size_t out_len, size_t *len, const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '.'))
        return 0;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
        while (*len > 0 && out[*len - 1] != '/')
            (*len)--;
        if (*len > 0) /* drop the separator too, but never the root */
            (*len)--;
        out[*len] = '\0';
        return 0;
    }
    if (*len + 1 + n + 1 > out_len)
        return -1;
    out[(*len)++] = '/';
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
    return 0;
}

static int push_all(char *out, size_t out_len, size_t *len, const char *p)
{
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        if (push(out, out_len, len, p, (size_t)(e - p)))
            return -1;
        p = e;
    }
    return 0;
}

int vdev_path_normalize(const char *cwd, const char *path, char *out, size_t out_len)
{
    if (!path || !*path || out_len < 2)
        return -1;
    size_t len = 0;
    out[0] = '\0';
    if (path[0] != '/') {
        if (!cwd || cwd[0] != '/' || push_all(out, out_len, &len, cwd))
            return -1;
    }
    if (push_all(out, out_len, &len, path))
        return -1;
    if (len == 0) { /* the root itself */
        out[0] = '/';
        out[1] = '\0';
    }
    return 0;
}
