# Samsung SC-152 (52x CD-ROM, ATAPI) - the users' reading drive in
# shared/users-forum-thread.txt ("samsung 52x").  SC-152A/C/L are bezel/OEM
# variants; the C variant's INQUIRY strings are used here.

[drive]
vendor = SAMSUNG
model = "CD-ROM SC-152C"
firmware = CS05
interface = udma2
cache_kib = 128
writes = none                # a CD-ROM reader: CD-ROM profile only, no ATIP
scan_protocol = none         # no vendor C1/C2 scan: quality falls back to c2scan
source = "scan_protocol: none of the vendor C1/C2 protocols QPxTool implements (Lite-On/MediaTek, Plextor, ...) is known for this model (estimate)"
source = "writes: the model is a 52x CD-ROM (users-forum-thread.txt: 'samsung 52x'; INQUIRY 'CD-ROM SC-152C'); estimate: like other readers of its time it cannot decode the ATIP, so READ TOC format 4 is refused"
source = "linux-kernel mailing list, 'devfs cdrom mount pb' (2002-08-28), /proc/scsi/scsi: Vendor SAMSUNG, Model 'CD-ROM SC-152C', Rev CS05 (CS04 also seen in other public Linux logs)"
source = "Ubuntu Forums thread 'cdrom' (2010-08-22), dmesg of the 48x sibling: 'ATAPI: SAMSUNG CD-ROM SC-148C, B105, max UDMA/33'; UDMA/33 (udma2) assumed for the SC-152 too (estimate: no SC-152 data sheet found)"
source = "estimate: 128 KiB buffer, typical of CD-ROM readers of the period (no SC-152 data sheet found)"

[data]
strategy = CAV
max_speed_x = 52
start_speed_x = 22.5
speeds = 4 8 16 24 32 40 48 52
source = "users-forum-thread.txt: on the same burned data CD-R, Nero CD Speed averaged 34.82x on this drive and 32x on the Lite-On LTR-40125S; with the Lite-On at 48x CAV that disc is ~53 min long, and a CAV start of 22.5x reproduces 34.82x on it"
source = "derived: 22.5x at 25 mm is ~10,310 rpm, so 52x is reached only at ~57.7 mm, the very edge (DESIGN.md: true 52x at 58 mm needs ~10,300 rpm)"
source = "estimate: selectable speed steps (no published list found)"

[dae]
strategy = CAV
max_speed_x = 24
start_speed_x = 10.3
speeds = 4 8 16 24
source = "users-forum-thread.txt: the owner's CD Speed transfer test on an audio CD gave 18x on this drive"
source = "derived: CAV to 24x (10.3x at 25 mm) averages ~18x (position-weighted) over pressed-audio-74; the CAV shape itself is an estimate"
accurate_stream = yes
caches_audio = yes
source = "estimate: accurate stream and audio caching assumed (no DAE quality test of this model found)"


[mech]
spinup_ms = 3000
spindown_ms = 1500
settle_ms = 30
full_stroke_ms = 110
command_overhead_us = 40
source = "class figure, no SC-152 measurement found: ASUS CD-S500 (50x CD-ROM of the same period) measured 91 / 93 / 143 ms random / 1/3 / full on a pressed CD (http://all-about-pc.de/english/Hardware/CD-ROM/ASUSCDS500A/5DAE.asp); settle and stroke fitted so the model gives 91 / 95 / 143 ms on pressed-74"
source = "estimate: spin-up (a 52x spindle to ~10,300 rpm), spin-down and command overhead"
