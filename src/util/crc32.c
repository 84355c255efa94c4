/* crc32.c - CRC-32 (crc32.h) through Intel ISA-L where the build found it:
 * its crc32_gzip_refl is the same function, chained the same way, and with
 * the CPU's carry-less multiply it runs at tens of GB/s where zlib 1.2's
 * table CRC gives about 2.5 (make bench).  Debian ships ISA-L only for
 * some architectures (not i386 or armhf), so zlib is the fallback. */
#include "crc32.h"

#ifdef DB_HAVE_ISAL
#include <isa-l/crc.h>

uint32_t db_crc32(uint32_t crc, const void *data, size_t len)
{
    return crc32_gzip_refl(crc, data, len);
}

const char *db_crc32_impl(void)
{
    return "ISA-L";
}
#else
#include <zlib.h>

uint32_t db_crc32(uint32_t crc, const void *data, size_t len)
{
    return (uint32_t)crc32_z(crc, data, len);
}

const char *db_crc32_impl(void)
{
    return "zlib";
}
#endif
