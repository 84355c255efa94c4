#!/bin/sh
# record-traces.sh - (re)record the reference traces in tests/traces/: one
# short transfer run per shipped drive profile on the virtual drive, data
# replaced by digests to keep them small.  make check replays every trace
# there (tests/e2e/test_e2e_trace.c): a change to the commands discbench
# sends shows up as a failing replay, to be reviewed and re-recorded with
# this script.  Traces from real drives sent by users go in the same folder
# (see README, "Traces").
set -eu
cd "$(dirname "$0")/.."
bin=${DISCBENCH_BIN:-build/discbench}
out=$(mktemp -d)
for p in profiles/drives/*.profile; do
    name=$(basename "$p" .profile)
    "$bin" transfer -d "sim:$name" --disc synthetic:2 --zones 8 --no-plot --no-store \
        --trace "tests/traces/transfer-$name.trace.gz" --trace-no-data -o "$out/$name" >/dev/null
    echo "tests/traces/transfer-$name.trace.gz"
done
rm -rf "$out"
