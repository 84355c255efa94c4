# Plextor PlexWriter 8/4/32 ATAPI (PX-W8432Ti, 8x CD-R / 4x CD-RW / 32x read):
# the P-CAV reader.  Plextor lists it (with the 12/4/32) as reading P-CAV as
# well as CAV: speed rises CAV from the hub, then flattens at 32x.

[drive]
vendor = PLEXTOR
model = "CD-R   PX-W8432T"
firmware = 1.09
interface = pio4
cache_kib = 2048
writes = CD-RW               # PlexWriter 8/4/32: CD-R 8x, CD-RW 4x
scan_protocol = none         # no vendor C1/C2 scan: quality falls back to c2scan
source = "scan_protocol: none of the vendor C1/C2 protocols QPxTool implements (Lite-On/MediaTek, Plextor, ...) is known for this model (estimate)"
source = "saramibreak/DiscImageCreator Doc/TestedDrive.txt: PLEXTOR PX-W8432Ti (PX-W8432T) with firmware 1.09; INQUIRY product layout 'CD-R' + 3 spaces + model as in /proc/scsi/scsi 'CD-R   PX-W1610A' (linux-kernel list, 2002-08-28)"
source = "Linux IDE driver drive_blacklist (drivers/ide/ide-dma.c of the 2.4/2.6 era, also copied into the ARM ep93xx IDE driver) lists 'PLEXTOR CD-R PX-W8432T' for all firmware: Linux runs it without DMA, hence pio4 (16.7 MB/s burst)"
source = "estimate: 2 MB buffer (no data sheet found)"

[data]
strategy = PCAV
max_speed_x = 32
start_speed_x = 18
speeds = 1 2 4 8 12 16 20 24 32
source = "http://www.plextorshopcanada.com/news/transfer.html (Plextor University, Data Transfer): P-CAV reading - the maximum read speed is reached before the end of a full disc, then held - is supported by the PX-W12432Ti/e and PX-W8432Ti along with CAV"
source = "max 32x: the drive's rated read speed (8/4/32)"
source = "estimate: start 18x at 25 mm (~8,250 rpm), which reaches the 32x cap at ~44 mm (minute ~37 of a 74-minute 1.6 um disc); no transfer graph for this drive was found"

[dae]
strategy = CAV
max_speed_x = 20
start_speed_x = 8.6
speeds = 1 2 4 8 12 16 20
source = "estimate: same DAE rating as its 12/4/32 sibling (8x/9x-20x, targetpc.com and storagereview.com PX-W124TSi reviews); no DAE figure for the PX-W8432Ti found"
accurate_stream = yes
caches_audio = yes
source = "estimate: accurate stream and audio caching assumed, as for the PX-W124TSi"


[mech]
spinup_ms = 2000
spindown_ms = 1200
settle_ms = 56
full_stroke_ms = 192
command_overhead_us = 40
source = "estimate: same mechanism class as the PX-W124TSi (Plextor claims 160 ms random access for it, storagereview.com); fitted so the model gives random 160 ms, 1/3 stroke 168 ms, full stroke 252 ms on pressed-74"
source = "estimate: spin-up, spin-down and command overhead"
