# 80-minute CD-R with CMC Magnetics dye (ATIP 97:26:66) and its error model
# per burn speed: poor at 48x, fair at 24x.  The users' "ATT 40x" blanks
# (users-forum-thread.txt: "they're probably CMC media"; "I got 199 errors and
# 12 errors on two I burned today @ 48x ... On the copy I made ... at 24x no
# errors").  Same disc as cdr-80.profile, plus [errors]:
#     --disc cdr-80-cmc             burned at 48x (write_speed_x)
#     --disc cdr-80-cmc:write=24    the same blanks burned at 24x

[disc]
type = CD-R
content = data
capacity_sectors = 359846
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "as cdr-80.profile: public wodim -atip logs of 97:26/66 discs show lead-out 359846 (79:59/71); DESIGN.md: 80-minute discs 1.2 m/s, 1.5 um"

[atip]
lead_in = 97:26:66
manufacturer = "CMC Magnetics Corporation"
lead_out = 79:59:71
sub_type = 3
writing_power = 5
unrestricted = no
source = "lead_out, sub_type, writing_power, unrestricted: as cdr-80.profile (public wodim -atip logs of 97:26/66 discs: power 5, sub type 3 = A+, not unrestricted, lead-out 359846 = 79:59/71)"
source = "cdrkit wodim/diskid.c dman[]: 97:26:60-69 = CMC Magnetics Corporation; libburn util.c burn_guess_cd_manufacturer(): sold as Daxon, Verbatim, Memorex, Philips, imation, Samsung and others"

[errors]
shape = quadratic            # dye discs degrade towards the rim, where the burn ran fastest (CAV)
#      write  C1 in  C1 out  C2 in  C2 out  CU in  CU out   (mean per second at 25 / 58 mm)
burn = 16     3      10      0      0       0      0
burn = 24     4      16      0      0       0      0
burn = 32     10     45      0      0.01    0      0
burn = 40     20     120     0      0.04    0      0.001
burn = 48     40     260     0      0.10    0      0.006
write_speed_x = 48
source = "users-forum-thread.txt: two CMC-based blanks burned at 48x on a Lite-On LTR-40125S showed 199 and 12 errors in Nero's test, the copy burned at 24x none; the 48x row gives about 190 C2 and 12 CU over the disc (derived: quadratic profile integrated over an 80-minute disc), the 24x row none"
source = "estimate: C1 levels - CMC at 48x past the Red Book BLER limit (220/s over 10 s) near the rim, 'fair' at 24x (average C1 about 9/s: 'good' <= 10 in the reviewers' grading quoted in DESIGN.md); no review graph with figures for this exact code was found"
source = "https://club.myce.com/t/interpreting-c1-c2-error-scans/67544: all discs show C1; a good disc shows no C2 (KProbe on Lite-On drives)"
