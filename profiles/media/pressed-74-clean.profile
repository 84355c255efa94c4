# A new pressed 74-minute data CD: C1 near zero, no C2, no CU - what a
# quality scan of a clean factory disc shows.

[disc]
type = pressed
content = data
capacity_sectors = 333000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "DESIGN.md Reference figures: 74 min = 333,000 sectors, 1.2 m/s, 1.6 um (r ~57.8 mm)"

[errors]
rates = 0.3 0.8 0 0 0 0      # C1 inner/outer, C2 inner/outer, CU inner/outer per second
source = "https://club.myce.com/t/interpreting-c1-c2-error-scans/67544: all discs show some C1, a good one no C2"
source = "ARSCLIST (listserv.loc.gov, 2008-01): good blue-dye CD-Rs 'exhibit lower error rates, in general, than commercial audio CD's tested with Plextor' - a clean pressed disc is low but not zero; estimate: C1 0.3-0.8/s"
