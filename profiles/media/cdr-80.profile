# 80-minute CD-R with CMC Magnetics dye (ATIP 97:26:66), the code behind the
# users' "ATT 40x" blanks (users-forum-thread.txt: "they're probably CMC media").

[disc]
type = CD-R
content = data
capacity_sectors = 359846
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "public wodim -atip output for this code, e.g. Ubuntu Forums thread 'No burn option in Brasero (grayed out)' (post of 2010-03-09): 'ATIP start of lead in: -11634 (97:26/66)', 'ATIP start of lead out: 359846 (79:59/71)'; other public logs of 97:26/66 discs show the same 359846"
source = "cdrkit wodim/diskid.c rcap[]: 359,849 is the lead-out it lists for several other 80-minute codes (Arita, Lead Data, Postech, TDK) - see cdr-80-leaddata.profile"
source = "DESIGN.md Reference figures: 80-minute discs are 1.2 m/s and 1.5 um, so r reaches ~58.1 mm"

[atip]
lead_in = 97:26:66
manufacturer = "CMC Magnetics Corporation"
lead_out = 79:59:71          # last possible lead-out start = capacity 359,846
sub_type = 3                 # Medium Type A, high beta (A+)
writing_power = 5            # indicative target writing power code
unrestricted = no            # a general-purpose (data) blank
source = "ATIP bytes 4-6 and 12-14 as public wodim -atip logs of 97:26/66 discs print them (several public Brasero and cdrecord debug logs, e.g. lines prefixed 'BraseroWodim stdout:'): 'Indicated writing power: 5', 'Is not unrestricted', 'Disk sub type: Medium Type A, high Beta category (A+) (3)', 'ATIP start of lead out: 359846 (79:59/71)'; no reference speed or A1 speeds printed"
source = "cdrkit wodim/diskid.c dman[]: 97:26:60-69 (and 97:46:6x) = CMC Magnetics Corporation, index 3; last digit 6 = short strategy (phthalocyanine or similar) dye"
source = "libburn libburn/util.c burn_guess_cd_manufacturer(): 97m26s60f = CMC Magnetics Corporation, also sold as Daxon, Verbatim, Memorex, Philips, imation, Samsung and others"
