#!/bin/sh
# demo.sh - the users' story, entirely on the virtual drive (make demo):
#   1. a Lite-On LTR-40125S and a 52x Samsung SC-152 read the same data disc
#      (drive versus drive: transfer curves, access times, scans);
#   2. the same two drives read the same audio disc (DAE);
#   3. data versus audio speed, drive by drive;
#   4. CD-Rs sold as "ATT" (CMC Magnetics dye, says the ATIP) burned at 48x
#      and at 24x, and Taiyo Yuden burned at 48x, two discs each, scanned
#      for C1/C2/CU on the Lite-On (the first of each also for read errors);
#   5. C1/C2 per second of the three burns in one picture;
#   6. the media graded per manufacturer and write speed.
# Every figure is simulated (the virtual drive) and labelled so.  The
# results store is the demo's own (OUT/results.db), so the demo gives the
# same result every time it runs.
#
# usage: scripts/demo.sh [DISCBENCH] [OUT]   (default build/discbench results/demo)
set -eu

BIN=${1:-build/discbench}
OUT=${2:-results/demo}
DB="$OUT/results.db"
LITEON=sim:liteon-ltr40125s
SAMSUNG=sim:samsung-sc152

rm -rf "$OUT"
mkdir -p "$OUT"

step() { printf '\n== %s\n' "$*"; }

step "1. One data disc, two drives: Lite-On LTR-40125S and Samsung SC-152 (drive versus drive)"
"$BIN" suite -d "$LITEON" -d "$SAMSUNG" --disc pressed-74 --samples 40 --db "$DB" -o "$OUT/data-disc"

step "2. One audio disc, the same two drives (audio extraction)"
"$BIN" suite -d "$LITEON" -d "$SAMSUNG" --disc pressed-audio-74 --db "$DB" -o "$OUT/audio-disc"

step "3. Data versus audio, drive by drive"
"$BIN" compare "$OUT/data-disc/liteon-ltr40125s/transfer" "$OUT/audio-disc/liteon-ltr40125s/dae" \
    -o "$OUT/data-vs-audio-liteon"
"$BIN" compare "$OUT/data-disc/samsung-sc152/transfer" "$OUT/audio-disc/samsung-sc152/dae" \
    -o "$OUT/data-vs-audio-samsung"

step "4. CD-Rs: 'ATT' blanks (CMC Magnetics) burned at 48x and 24x, Taiyo Yuden at 48x; two discs each"
for burn in cmc:48:ATT cmc:24:ATT ty:48:Fujifilm; do
    maker=${burn%%:*}
    rest=${burn#*:}
    speed=${rest%%:*}
    label=${rest#*:}
    for disc in 1 2; do
        # the first disc of each burn also gets the surface scan (read errors)
        tests=quality
        [ "$disc" = 1 ] && tests=quality,scan
        "$BIN" suite -d "$LITEON" --disc "cdr-80-$maker:write=$speed" --seed "$disc" \
            --label "$label ${speed}x #$disc" --tests "$tests" --db "$DB" \
            -o "$OUT/cdr/$maker-${speed}x-$disc" >/dev/null
        echo "  scanned cdr-80-$maker burned at ${speed}x, disc $disc: $OUT/cdr/$maker-${speed}x-$disc/report.md"
    done
done

step "5. C1 and C2 per second: one brand at two write speeds, and Taiyo Yuden"
"$BIN" compare "$OUT/cdr/cmc-48x-1/quality" "$OUT/cdr/cmc-24x-1/quality" "$OUT/cdr/ty-48x-1/quality" \
    -o "$OUT/cdr-write-speeds"

step "6. The media graded (manufacturer from the ATIP, not the label)"
"$BIN" grade --db "$DB" -o "$OUT/grade"

step "Where everything is (all SIMULATED: the virtual drive)"
echo "  reports:"
for r in "$OUT/data-disc/report.md" "$OUT/audio-disc/report.md" "$OUT/grade/grade.md"; do
    echo "    $r"
done
echo "  pictures:"
for p in "$OUT"/data-disc/compare-*/*.png "$OUT"/audio-disc/compare-*/*.png "$OUT"/data-vs-audio-*/*.png \
         "$OUT"/cdr-write-speeds/*.png "$OUT"/grade/*.png; do
    [ -f "$p" ] && echo "    $p"
done
echo "  every test's own pictures: $OUT/*-disc/*/*/*.png, $OUT/cdr/*/*/*.png"
echo "  results store: $DB  (discbench runs --db $DB)"
