# Test medium: 20-minute mixed-mode CD-RW with every [atip] key set.
[disc]
type = CD-RW
content = mixed
capacity_sectors = 90000
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0

[atip]
lead_in = 97:34:23
manufacturer = "Mitsubishi Chemical Corporation"
lead_out = 20:30:00
sub_type = 0
writing_power = 3
reference_speed_x = 4
speed_low_x = 2
speed_high_x = 4
unrestricted = yes
