# 8 cm TDK CD-R for consumer audio recorders ("music only"), ATIP 97:32:00.

[disc]
type = CD-R
content = audio
capacity_sectors = 96600
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "cdrkit wodim/diskid.c rcap[]: {97:32:00, 96600, 106502} - 'TDK 80mm (for music only)', lead-out 96,600 (21:28:00)"
source = "estimate: 1.2 m/s and 1.5 um (the disc's own figures are not published); the last sector then sits at r = 36.9 mm"

[atip]
lead_in = 97:32:00
unrestricted = yes           # a "music" blank: consumer audio recorders accept only these
source = "unrestricted: cdrkit calls this disc 'TDK 80mm (for music only)'; music blanks carry the unrestricted-use bit (public wodim logs of music CD-Rs print 'Disk Is unrestricted', data blanks 'Is not unrestricted'); writing power, sub-type and A1 speeds are not published for it and are left 0 (not declared)"
manufacturer = "TDK Corporation"
source = "cdrkit wodim/diskid.c dman[]: 97:32:00-09 (and 97:49:0x) = TDK Corporation, index 26; libburn libburn/util.c lists 97m32s00f as TDK Corporation"
