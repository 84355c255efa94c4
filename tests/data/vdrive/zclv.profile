# Test drive: Z-CLV 24/32/40x by disc minute.
[drive]
vendor = VDTEST
model = ZCLV40
firmware = Z1
interface = pio4
cache_kib = 256

[data]
strategy = ZCLV
max_speed_x = 40
zone = 0 24     # minutes 0..20
zone = 20 32    # minutes 20..50
zone = 50 40
speeds = 8 16 24 32 40

[mech]
spinup_ms = 2000
spindown_ms = 1000
settle_ms = 15
full_stroke_ms = 120
command_overhead_us = 50
