# Test drive for the info tests: a CD-ROM reader without C2 pointers and
# without accurate stream, on USB.  Figures are test values, not a product.
[drive]
vendor = VDTEST
model = READER NOC2
firmware = 0.1
interface = usb2
cache_kib = 512
writes = none
c2 = none
source = "unit-test profile (tests/unit/test_bench_info.c, test_vdrive_ident.c)"

[data]
strategy = CLV
max_speed_x = 24

[dae]
accurate_stream = no
jitter_samples = 10

[mech]
spinup_ms = 1000
spindown_ms = 500
settle_ms = 10
full_stroke_ms = 100
command_overhead_us = 40
