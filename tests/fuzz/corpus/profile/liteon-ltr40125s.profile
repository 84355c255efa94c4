# Lite-On LTR-40125S (40x CD-R / 12x CD-RW / 48x read, ATAPI) - the users' drive
# (shared/users-forum-thread.txt).  Model figures and how they were chosen are in
# the source lines; "estimate:" marks figures no public source gave.

[drive]
vendor = LITE-ON
model = LTR-40125S
firmware = ZS0K
interface = udma2
cache_kib = 2048
writes = CD-RW               # 40x CD-R / 12x CD-RW recorder: reports CD-RW, CD-R, CD-ROM profiles, reads the ATIP
scan_protocol = liteon-old   # C1/C2/CU scan: DF A3 / A0 / 82 09 / 82 05 / 97 (KProbe, QPxTool)
read_retries = 4             # attempts on an unreadable sector before MEDIUM ERROR
retry_ms = 150               # one attempt: re-seek + about a revolution at low speed
slowdown_speed_x = 24        # drops to 24x after a bad sector, until the next SET CD SPEED
source = "scan_protocol: QPxTool plugins/liteon (public facts in DESIGN.md): the CD-RW drives of the LTR-40125S generation speak the old Lite-On protocol (DF ...), later DVD writers the new one (F3 0E)"
source = "estimate: read_retries, retry_ms, slowdown_speed_x (drives of the era slowed down on damaged discs: http://www.mrichter.com/cdr/primer/cdrtest.htm 'When the soft errors show up, the drive slows down'; no figure for this model)"
source = "users-forum-thread.txt: the owner's original firmware is ZS0K (VS04/VS08 are the flashed 48x-write variants)"
source = "Ubuntu Forums thread 'netgear wireless USB card not working' (2008-02-10), dmesg: 'ATAPI: LITE-ON LTR-40125S, ZS0J, max UDMA/33' and INQUIRY 'LITE-ON / LTR-40125S / ZS0J' - vendor/model strings and UDMA/33 (udma2)"
source = "http://www.hwupgrade.it/articoli/821/2.html: Lite-On LXR-40122 (external sibling of the same generation) spec: 2 MB buffer, 80 ms average access"

[data]
strategy = CAV
max_speed_x = 48
start_speed_x = 20.7
speeds = 4 8 16 24 32 40 48
source = "Ubuntu Forums dmesg above: Linux sr driver reports the drive as '48x/48x writer' (mode page 2A maximum read speed 48x)"
source = "DESIGN.md Reference figures: a 48x CAV drive starts near 20.7x at 25 mm (48 x 25/58); spindle ~9,480 rpm"
source = "users-forum-thread.txt: Nero CD Speed transfer test on a burned data CD-R averaged 32x on this drive; with this CAV curve a ~53-minute 1.5 um disc averages 32.0x (position-weighted), so the curve is consistent"
source = "estimate: selectable speed steps (no published list found)"

[dae]
strategy = CAV
max_speed_x = 40
start_speed_x = 17.2
speeds = 4 8 16 24 32 40
source = "users-forum-thread.txt: a Lite-On owner reports his drives rip audio at 40x or more; modelled at the lower bound, CAV reaching 40x at 58 mm (40 x 25/58 = 17.2x at 25 mm)"
source = "estimate: DAE strategy assumed CAV like data (no DAE graph for this model found)"
accurate_stream = yes
caches_audio = yes
source = "estimate: accurate stream assumed (no DAE quality test of this model found; its owners report fast, clean audio rips, users-forum-thread.txt)"
source = "caches audio: xbitlabs.com (Lite-On SOHW-1213S review, 'Audio Capture'): 'the Lite-On can cache audio data' - a later Lite-On; assumed for this one (estimate)"


[mech]
spinup_ms = 2500
spindown_ms = 1500
settle_ms = 26
full_stroke_ms = 97
command_overhead_us = 40
source = "hwupgrade.it LXR-40122 spec above: 80 ms average access; settle and stroke fitted so the model gives random 80 ms, 1/3 stroke 84 ms, full stroke 126 ms on pressed-74 (full/random ratio 1.57 taken from the ASUS CD-S500 measurement, all-about-pc.de, 91/143 ms)"
source = "estimate: spin-up, spin-down and command overhead (no measurement found for this model)"
