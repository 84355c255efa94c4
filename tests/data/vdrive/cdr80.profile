# Test medium: 80-minute CD-R, CMC lead-in code.
[disc]
type = CD-R
content = data
capacity_sectors = 359849
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "cdrkit wodim/diskid.c rcap[] (80 min lead-out)"

[atip]
lead_in = 97:26:66
manufacturer = "CMC Magnetics"
