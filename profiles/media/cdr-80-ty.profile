# 80-minute Taiyo Yuden CD-R (ATIP 97:24:01) and its error model per burn
# speed: good even at 48x - the blank the users' thread recommends ("I like
# Fuji, (TY), for reliability").
#     --disc cdr-80-ty             burned at 48x (write_speed_x)
#     --disc cdr-80-ty:write=16    burned at 16x

[disc]
type = CD-R
content = data
capacity_sectors = 359849
scanning_velocity_mps = 1.2
track_pitch_um = 1.5
inner_radius_mm = 25.0
source = "estimate: lead-out 359,849, the value cdrkit wodim/diskid.c rcap[] lists for several 80-minute codes (no public -atip log of this code checked)"
source = "DESIGN.md Reference figures: 80-minute discs are 1.2 m/s and 1.5 um (r ~58.1 mm)"

[atip]
lead_in = 97:24:01
manufacturer = "Taiyo Yuden Company Ltd."
lead_out = 79:59:74
source = "lead_out: libburn doc/mediainfo.txt lists 97:24:01 discs with ATIP lead-out 79:59:74 (e.g. 'FUJIFILM(Tayio Yuden) 48X' in MSI's media list); writing power and sub-type not published for it (left 0)"
source = "cdrkit wodim/diskid.c dman[]: 97:24:00-09 (and 97:46:0x) = Taiyo Yuden Company Ltd.; DESIGN.md ATIP table"

[errors]
shape = quadratic
#      write  C1 in  C1 out  C2 in  C2 out  CU in  CU out   (mean per second at 25 / 58 mm)
burn = 16     1.0    2.0     0      0       0      0
burn = 24     1.2    2.4     0      0       0      0
burn = 32     1.5    3.0     0      0       0      0
burn = 40     1.8    3.5     0      0       0      0
burn = 48     2.0    4.0     0      0       0      0
write_speed_x = 48
source = "http://alexander-noe.com/cdvd/px/testing_cds/ (2005): a Taiyo Yuden CD-R recorded at 40x scans clean at 4x, 24x and 48x; a properly recorded CD shows no C2 and no CU"
source = "users-forum-thread.txt: 'I like Fuji, (TY), for reliability'"
source = "estimate: average C1 of about 1.5-3/s ('excellent' <= 2, 'very good' <= 5 in the reviewers' grading quoted in DESIGN.md), rising slightly with burn speed; no C2"
