# Test drive: a slow Lite-On-like reader (4x CLV, quick spin-up) so that a
# --realtime run lasts long enough to be interrupted or killed at any point
# (tests/e2e/test_e2e_interrupt.c, test_e2e_killloop.c).  Test values, not a
# product.
[drive]
vendor = LITE-ON
model = LTR-40125S
firmware = ZS0K
interface = udma2
cache_kib = 256
writes = CD-RW
scan_protocol = liteon-old
source = "test profile"

[data]
strategy = CLV
max_speed_x = 4
source = "test profile"

[mech]
spinup_ms = 20
spindown_ms = 10
settle_ms = 5
full_stroke_ms = 20
command_overhead_us = 40
source = "test profile"
