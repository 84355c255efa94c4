# Test medium: pressed 1-minute audio CD (one track), for the DAE tests.
[disc]
type = pressed
content = audio
capacity_sectors = 4500
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
