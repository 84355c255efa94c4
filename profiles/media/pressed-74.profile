# Pressed (replicated) 74-minute data CD-ROM, full to the Red Book limit.

[disc]
type = pressed
content = data
capacity_sectors = 333000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "DESIGN.md Reference figures: 74 min = 333,000 sectors (74 x 60 x 75); a 74-minute disc is 1.2 m/s and 1.6 um, ending near r = 57.8 mm"
source = "ECMA-130 / Red Book ranges (as summarised in DESIGN.md Geometry facts): scanning velocity 1.2-1.4 m/s, track pitch 1.5-1.7 um, program area from r = 25 mm"
