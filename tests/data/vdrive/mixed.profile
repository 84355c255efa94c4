# Test medium: 20-minute mixed-mode CD-RW (data track 1, audio after).
[disc]
type = CD-RW
content = mixed
capacity_sectors = 90000
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0

[atip]
lead_in = 97:24:01
