# Test drive for the DAE tests (tests/*/test_*dae*.c): CLV 24x DAE. Figures are test values, not a product.
[drive]
vendor = VDTEST
model = "DAE TESTDRIVE"
firmware = 1.0A
interface = udma2
cache_kib = 2048

source = "unit-test profile"

[data]
strategy = CAV
max_speed_x = 48
speeds = 4 8 16 24 32 40 48

[dae]
strategy = CLV
max_speed_x = 24
speeds = 4 8 16 24
accurate_stream = no
jitter_samples = 200

[mech]
spinup_ms = 1800
spindown_ms = 900
settle_ms = 12
full_stroke_ms = 110
command_overhead_us = 40
