# Test medium: pressed 10-minute audio CD (two 5-minute tracks), for the DAE tests.
[disc]
type = pressed
content = audio
capacity_sectors = 45000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
