# Plextor 12PleX (PX-12TS, 12x CLV SCSI CD-ROM, 1996-1997): the CLV reader.
# Constant 12x everywhere; the spindle slows from ~5,500 rpm at 25 mm to
# ~2,370 rpm at 58 mm, so rotational latency grows outward.

[drive]
vendor = PLEXTOR
model = "CD-ROM PX-12TS"
firmware = 1.03
interface = pio4
cache_kib = 256
writes = none                # 12PleX CD-ROM reader
scan_protocol = none         # no vendor C1/C2 scan: quality falls back to c2scan
source = "scan_protocol: none of the vendor C1/C2 protocols QPxTool implements (Lite-On/MediaTek, Plextor, ...) is known for this model (estimate)"
source = "writes: INQUIRY 'CD-ROM PX-12TS' is a CD-ROM reader; estimate: no ATIP decoding (READ TOC format 4 refused)"
source = "Ubuntu Forums thread 'cdrom' (2010-08-22), SCSI dmesg example: 'Vendor: PLEXTOR Model: CD-ROM PX-12TS Rev: 1.03'; firmware 1.02 seen in another public /proc/scsi/scsi listing and 1.01 in saramibreak/DiscImageCreator Doc/TestedDrive.txt"
source = "saramibreak/DiscImageCreator source: compares the 16-byte INQUIRY product with 'CD-ROM PX-12TS' padded by spaces"
source = "estimate: the drive is Fast SCSI-2 (10 MB/s); the closest interface this format offers is pio4 (16.7 MB/s)"
source = "estimate: 256 KiB buffer, top of the 32-256 KB range a 1997 buying guide gives for 12x drives (https://kaisernet.neocities.org/library/1997/0401/howto157.htm)"

[data]
strategy = CLV
max_speed_x = 12
speeds = 1 2 4 8 12
source = "12x = 1,800 KB/s (kaisernet 1997 guide); drives up to ~12x read CLV and faster ones went CAV (what-when-how.com, Upgrading and Repairing PCs excerpt); the later 12/20 PleX was Plextor's first drive with CAV (https://time-tunnel.com.au, Plex Drive 12/20 history), so the 12PleX reads CLV"
source = "no DAE figure found: [dae] gives no speeds, so audio is read like data (12x CLV) - estimate"
source = "estimate: selectable speed steps"

[dae]                       # speeds as [data] (no DAE figure found)
accurate_stream = yes
caches_audio = no
source = "estimate: accurate stream assumed; 256 KiB of cache (estimate above) is modelled as holding no audio for re-reads"

[mech]
spinup_ms = 1500
spindown_ms = 800
settle_ms = 24
full_stroke_ms = 128
command_overhead_us = 60
source = "estimate: target random access 100 ms, inside the under-125 ms a 1997 buying guide expects of 12x drives (kaisernet link above); fitted so the model gives random 101 ms, 1/3 stroke 106 ms, full stroke 161 ms on pressed-74 (full/random ratio 1.57 from the ASUS CD-S500 measurement, all-about-pc.de)"
source = "estimate: spin-up, spin-down and command overhead"
