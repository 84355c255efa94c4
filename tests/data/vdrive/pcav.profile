# Test drive: P-CAV 20x at the hub up to 32x.
[drive]
vendor = VDTEST
model = PCAV32
firmware = 0001
interface = udma4
cache_kib = 512

[data]
strategy = PCAV
max_speed_x = 32
start_speed_x = 20

[mech]
spinup_ms = 1500
spindown_ms = 700
settle_ms = 10
full_stroke_ms = 90
command_overhead_us = 30
