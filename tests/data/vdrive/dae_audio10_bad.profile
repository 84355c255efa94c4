# Test medium: the 10-minute audio CD with three unreadable sectors in track 1, for the DAE tests.
[disc]
type = pressed
content = audio
capacity_sectors = 45000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0

[errors]
rates = 0 0 0 0 0 0
unreadable = 5000 5002
