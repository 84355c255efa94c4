# Test drive for the error scans (tests/*/test_*quality*, c2scan, scan).
# Figures are test values, not a product.
[drive]
vendor = LITE-ON
model = "LTR-52327S"
firmware = 1.0E
interface = udma2
cache_kib = 2048
scan_protocol = liteon-old
scan_quirk = zero
source = "test profile (tests/unit/test_vdrive_vendor.c, tests/e2e/test_e2e_*scan*.c, test_e2e_quality.c)"

[data]
strategy = CAV
max_speed_x = 48
speeds = 4 8 16 24 32 40 48

[mech]
spinup_ms = 1800
spindown_ms = 900
settle_ms = 12
full_stroke_ms = 110
command_overhead_us = 40
