# 74-minute high-speed CD-RW (4x-10x) with Ricoh's code 97:27:00, written full
# with data: the rewritable case of `discbench info` (phase-change dye, ATIP
# speed range).

[disc]
type = CD-RW
content = data
capacity_sectors = 333750
scanning_velocity_mps = 1.2
track_pitch_um = 1.6
inner_radius_mm = 25.0
source = "libburn doc/mediainfo.txt, from the MSI and Mitsubishi media lists: '97 27 00  74 12 00  651.86MB RICOH N/A 4-10X' and 'Ricoh HS-RW 4X-10X 651.86MB' - lead-in 97:27:00, ATIP lead-out 74:12:00 = LBA 333,750"
source = "DESIGN.md Reference figures: a 74-minute disc is 1.2 m/s and 1.6 um (r reaches ~57.8 mm)"

[atip]
lead_in = 97:27:00
manufacturer = "Ricoh Company Limited"
lead_out = 74:12:00
sub_type = 1                 # high speed rewritable
speed_low_x = 4
speed_high_x = 10
source = "manufacturer: libburn libburn/util.c lists 97m27s00f as Ricoh Company Limited (cdrkit tentatively names Digital Storage Technology for the same code)"
source = "sub-type and speeds: derived from the 'HS-RW 4X-10X' rating in the lists above (high-speed CD-RW is sub-type 1; its A1 speed codes 2 and 4 decode to 4x and 10x, as cdrkit's hs_clv_to_speed table reads them); the disc's A1 bytes themselves were not published"
