# Test drive: CLV 8x behind a USB 1.1 bridge (interface-bound).
[drive]
vendor = VDTEST
model = CLV8 USB1
firmware = U1
interface = usb1
cache_kib = 128

[data]
strategy = CLV
max_speed_x = 8

[mech]
spinup_ms = 1000
spindown_ms = 500
settle_ms = 20
full_stroke_ms = 150
command_overhead_us = 100
