# 80-minute CD-R with Lead Data dye (ATIP 97:26:54): the lead-out 359,849 that
# cdrkit records for 80-minute media, and the ATIP a public wodim log shows.

[disc]
type = CD-R
content = data
capacity_sectors = 359849
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "cdrkit wodim/diskid.c rcap[]: {97:26:50, 359849, 369096} - 'Lead Data CD-R 80', lead-out 359,849, absolute maximum 369,096"
source = "DESIGN.md Reference figures: 80-minute discs are 1.2 m/s and 1.5 um (r ~58.1 mm)"

[atip]
lead_in = 97:26:54
manufacturer = "Lead Data Inc."
lead_out = 79:59:74          # capacity 359,849
writing_power = 7
unrestricted = no
source = "public cdrecord log of an audio CD being written (the one that also prints 'Cannot gain SYS_RAWIO capability'): 'Indicated writing power: 7', 'Is not unrestricted', no disk sub type line (0), 'ATIP start of lead in: -11646 (97:26/54)', 'ATIP start of lead out: 359849 (79:59/74)', 'Manufacturer: Lead Data Inc.'"
source = "cdrkit wodim/diskid.c dman[]: 97:26:50-59 (and 97:48:6x) = Lead Data Inc., index 10; last digit 0 = long strategy (cyanine, AZO or similar) dye"
source = "libburn libburn/util.c burn_guess_cd_manufacturer(): 97m26s50f = Lead Data Inc., also sold as SONY, Gigastorage, MIRAGE"
