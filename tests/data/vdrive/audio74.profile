# Test medium: pressed 74-minute audio CD.
[disc]
type = pressed
content = audio
capacity_sectors = 333000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
