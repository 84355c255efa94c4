# Pressed 8 cm data CD holding 21 minutes.  The program area starts at the same
# 25 mm as on a 12 cm disc and ends near r = 36.7 mm, inside the 40 mm rim.

[disc]
type = pressed
content = data
capacity_sectors = 94500
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "21 min = 94,500 sectors (21 x 60 x 75); 1.2 m/s and 1.5 um as the project brief gives for the short disc"
source = "derived: r = sqrt(25^2 + 1.2 x 1260 s x 0.0015 / pi) = 36.7 mm at the last sector"
