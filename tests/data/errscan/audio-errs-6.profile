# Test disc: a 6-minute pressed audio CD with C2 errors and two unreadable
# sectors (c2scan on audio).  Test values, not a product.
[disc]
type = pressed
content = audio
capacity_sectors = 27000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "test profile"

[errors]
rates = 5 10 1 3 0.05 0.2
unreadable = 12000 12001
