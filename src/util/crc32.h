/* crc32.h - the CRC-32 of zlib, PNG and Ethernet (reflected polynomial
 * 0xEDB88320, init and final xor ~0): the checksum of every audio track
 * dae reads, so any tool can check a saved WAV (Python's zlib.crc32 over
 * its data).  Chained like zlib's crc32: start from 0, feed the last
 * result back in. */
#ifndef DB_UTIL_CRC32_H
#define DB_UTIL_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t db_crc32(uint32_t crc, const void *data, size_t len);

/* Which library computes it ("ISA-L" or "zlib"), for make bench. */
const char *db_crc32_impl(void);

#endif
