# Synthetic Z-CLV reader: models NO real product.  It exists so the Z-CLV
# strategy (CLV steps by zone) has a profile for strategy detection and
# plotting tests.  Its INQUIRY strings say so, and no vendor C1/C2 protocol
# can be chosen from them.

[drive]
vendor = DISCBNCH
model = "SIM ZCLV 32X"
firmware = SIM1
interface = udma2
cache_kib = 2048
writes = none                # synthetic reader
scan_protocol = none         # no vendor C1/C2 scan: quality falls back to c2scan
source = "scan_protocol: none of the vendor C1/C2 protocols QPxTool implements (Lite-On/MediaTek, Plextor, ...) is known for this model (estimate)"
source = "synthetic: identity strings invented for the virtual drive; interface and buffer chosen to match the ATAPI writers of ~2002 (estimate)"

[data]
strategy = ZCLV
max_speed_x = 32
zone = 0 16
zone = 20 24
zone = 45 32
speeds = 4 8 16 24 32
source = "synthetic: three CLV zones, the layout a computer glossary gives as common for Z-CLV CD drives (https://www.computerlanguage.com, 'zoned CLV') and the three-zone Z-CLV Plextor describes for its PX-W2410TA writing (http://www.plextorshopcanada.com/news/transfer.html)"
source = "synthetic: zone starts chosen so each step begins near 7,300-7,900 rpm on an 80-minute 1.5 um disc (16x at 25 mm, 24x at ~36 mm, 32x at ~47 mm)"

[dae]
strategy = ZCLV
max_speed_x = 24
zone = 0 16
zone = 45 24
speeds = 4 8 16 24
source = "synthetic: a slower two-zone DAE so the data/DAE gap shows on this profile too"
accurate_stream = no
jitter_samples = 250
caches_audio = no
source = "synthetic: the reader without accurate stream, so jitter has a profile: every new audio stream lands up to 250 stereo samples off (two reads differ by at most 500, inside the default +-588 search of discbench dae --accuracy), and audio is never served from the cache"


[mech]
spinup_ms = 2000
spindown_ms = 1000
settle_ms = 29
full_stroke_ms = 127
command_overhead_us = 40
source = "synthetic: fitted so the model gives random 100 ms, 1/3 stroke 105 ms, full stroke 160 ms on pressed-74 (inside the 75-160 ms range drive specs of the era quote, DESIGN.md)"
