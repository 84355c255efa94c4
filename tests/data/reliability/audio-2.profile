# Test medium: a pressed 2-minute audio CD (one track), for the interruption
# tests.  Test values, not a product.
[disc]
type = pressed
content = audio
capacity_sectors = 9000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "test profile"
