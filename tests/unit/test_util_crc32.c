/* CRC-32: the published check value, chaining at every split point and
 * alignment, against a textbook reference (tu_crc32), whichever library
 * the build uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "testutil.h"
#include "util/crc32.h"
#include "util/splitmix.h"

static void test_check_value(void **state)
{
    (void)state;
    /* the CRC-32 catalogue's check value of "123456789" */
    assert_int_equal(db_crc32(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(db_crc32(0, "", 0), 0);
}

static void test_chaining_and_alignment(void **state)
{
    (void)state;
    /* 3 sectors of noise: every split into two calls, from every start
     * alignment, gives the one-call CRC, which is the reference's */
    enum { N = 3 * 2352 + 7 };
    uint8_t *buf = malloc(N);
    db_rng r;
    db_rng_seed(&r, 7);
    for (size_t i = 0; i < N; i++)
        buf[i] = (uint8_t)db_rng_next(&r);
    for (size_t start = 0; start < 7; start++) {
        size_t len = N - start;
        uint32_t whole = db_crc32(0, buf + start, len);
        assert_int_equal(whole, tu_crc32(0, buf + start, len));
        for (size_t cut = 0; cut <= len; cut += 97) {
            uint32_t c = db_crc32(db_crc32(0, buf + start, cut), buf + start + cut, len - cut);
            if (c != whole)
                fail_msg("%s: start %zu, cut at %zu: %08x != %08x", db_crc32_impl(), start, cut, c, whole);
        }
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_value),
        cmocka_unit_test(test_chaining_and_alignment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
