/* error.c - the error record (see error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int db_error_set(db_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
    return -1;
}

void db_error_clear(db_error *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}
