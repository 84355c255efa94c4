# Test disc: a 4-minute mixed-mode CD (data then audio) with errors, so a
# Plextor scan must split its reads at the track boundary.  Test values.
[disc]
type = pressed
content = mixed
capacity_sectors = 18000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "test profile"

[errors]
rates = 10 20 1 2 0.1 0.1
unreadable = 4000
