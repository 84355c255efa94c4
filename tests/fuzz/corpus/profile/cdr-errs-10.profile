# Test disc: a 10-minute CD-R with a busy error model (every kind of count,
# defects, unreadable and slow sectors).  Test values, not a product.
[disc]
type = CD-R
content = data
capacity_sectors = 45037        # not a whole number of seconds: the last one is partial
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "test profile"

[atip]
lead_in = 97:26:66
manufacturer = "test"

[errors]
shape = linear
burn = 16 20 60 0.5 2 0.02 0.1
burn = 48 80 400 3 12 0.2 0.8
write_speed_x = 32
defect = 27.0 27.5 scratch 300
defect = 28.0 29.0 fingerprint 50
defect = 29.5 30.5 edge 100
unreadable = 9000 9004
unreadable = 30000
unreadable_band = 28.50 28.51
slow = 15000 15002 2
slow = 40000 40000 4
