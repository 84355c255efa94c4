# Pressed mixed-mode CD (data track 1, audio tracks after), the layout of many
# game CDs of the period ("my game CD copies at 24x", DESIGN.md).  Models no
# specific title.

[disc]
type = pressed
content = mixed
capacity_sectors = 270000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "estimate: 60 minutes (270,000 sectors); geometry as the pressed 74-minute disc (DESIGN.md Reference figures)"
