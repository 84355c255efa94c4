# Pressed 74-minute audio CD (CD-DA), for the DAE tests.

[disc]
type = pressed
content = audio
capacity_sectors = 333000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "DESIGN.md Reference figures: 74 min = 333,000 sectors; 1.2 m/s and 1.6 um (r reaches ~57.8 mm)"
source = "Red Book: 75 audio sectors of 2,352 bytes per second at 1x (DESIGN.md Geometry facts)"
source = "estimate: a full 74-minute album; real albums are usually shorter"
