# Test drive: a recorder whose firmware claims C2 pointers but refuses
# every READ CD asking for them (c2 = broken).  Test values, not a product.
[drive]
vendor = LITE-ON
model = "DVDRW SOHW-T"
firmware = T001
interface = udma4
cache_kib = 2048
writes = CD-R
c2 = broken

[data]
strategy = CAV
max_speed_x = 48

[mech]
spinup_ms = 1000
spindown_ms = 500
settle_ms = 10
full_stroke_ms = 100
command_overhead_us = 40
