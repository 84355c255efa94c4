# A scratched pressed 74-minute data CD (a much-used game disc): a deep
# concentric scratch at 40 mm with an unreadable band in it, a fingerprint
# smear, a worn rim, a few marginal sectors the drive reads only after
# retries, and three unreadable sectors elsewhere.

[disc]
type = pressed
content = data
capacity_sectors = 333000
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "DESIGN.md Reference figures: 74 min = 333,000 sectors, 1.2 m/s, 1.6 um"

[errors]
rates = 0.5 1.5 0 0.02 0 0
defect = 39.8 40.8 scratch 600       # START_MM END_MM KIND SEVERITY (added C1/s)
defect = 30.0 34.0 fingerprint 60
defect = 56.0 57.8 edge 150
unreadable_band = 40.300 40.312     # ~120 sectors (LBA ~122,600) in the scratch
unreadable = 250000 250002
slow = 121000 121015 2              # FIRST_LBA LAST_LBA RETRIES: marginal, just before the band
slow = 200000 200003 3
source = "estimate: an illustrative damaged disc for the scans (no measurement of a real scratched disc was modelled); http://www.mrichter.com/cdr/primer/cdrtest.htm describes such discs: soft errors slow the drive down as it re-reads, hard errors stay unreadable"
