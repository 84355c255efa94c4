# Plextor PlexWriter 12/4/32 SCSI (PX-W124TSi, 12x CD-R / 4x CD-RW / 32x read).
# Documents the gap between data and audio reading: data 14-32x CAV, DAE rated
# 9-20x.  SCSI is not among the profile interfaces: see [drive] sources.

[drive]
vendor = PLEXTOR
model = "CD-R   PX-W124TS"
firmware = 1.06
interface = pio4
cache_kib = 4096
writes = CD-RW               # PlexWriter 12/4/32: CD-R 12x, CD-RW 4x
scan_protocol = plextor      # Q-Check C1/C2: EA 15 / EA 16 / EA 17 around the host's READ CDs
read_retries = 6
retry_ms = 200
slowdown_speed_x = 16
source = "scan_protocol: QPxTool plugins/plextor (public facts: EA 15 start, EA 16 counters, EA 17 end); estimate: which Plextor generations answer it is not documented publicly - this profile speaks it so the family is covered"
source = "estimate: read_retries, retry_ms, slowdown_speed_x"
source = "http://www.storagereview.com/articles/200009/20000928PX-W124TSi_sp.html: 4 MB buffer; review unit flashed to firmware 1.06"
source = "saramibreak/DiscImageCreator Doc/TestedDrive.txt: model PX-W124TS listed (firmware 1.07 there); INQUIRY product layout 'CD-R' + 3 spaces + model, as in /proc/scsi/scsi 'CD-R   PX-W1610A' (linux-kernel list, 2002-08-28)"
source = "estimate: the drive is Ultra SCSI (20 MB/s, targetpc.com spec list); the closest interface this format offers is pio4 (16.7 MB/s)"

[data]
strategy = CAV
max_speed_x = 32
start_speed_x = 14
speeds = 1 2 4 8 12 16 20 24 32
source = "storagereview.com review above: Plextor specifies CD reading at 14x-32x CAV"
source = "https://targetpc.com/hardware/cdr-w/plextor12x: factory data read speed 14x-32x; reviewer measured 24x average data transfer"
source = "derived: 14x at 25 mm reaches 32x at ~57 mm (~6,420 rpm)"
source = "estimate: selectable speed steps"

[dae]
strategy = CAV
max_speed_x = 21.8
start_speed_x = 9.4
speeds = 1 2 4 8 12 16 20
source = "https://targetpc.com/hardware/cdr-w/plextor12x (spec list) and storagereview.com review: audio extraction rated 9x-20x"
source = "https://targetpc.com/hardware/cdr-w/plextor12x/index2.shtml: DAE tested at 21.78x, slightly above the rated 20x; the page does not say whether this is the average or the end speed - modelled as the speed reached at 58 mm"
source = "estimate: DAE strategy CAV (9x-20x over the disc matches the 25/58 CAV ratio)"
accurate_stream = yes
caches_audio = yes
source = "estimate: accurate stream and audio caching assumed (no DAE quality test of this model found; the reviews above give speeds only)"


[mech]
spinup_ms = 2000
spindown_ms = 1200
settle_ms = 55
full_stroke_ms = 192
command_overhead_us = 60
source = "storagereview.com review above: Plextor claims 160 ms random access; settle and stroke fitted so the model gives random 160 ms, 1/3 stroke 168 ms, full stroke 251 ms on pressed-74 (full/random ratio 1.57 from the ASUS CD-S500 measurement, all-about-pc.de - estimate)"
source = "estimate: spin-up, spin-down and command overhead"
