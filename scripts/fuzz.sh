#!/bin/sh
# fuzz.sh - run every libFuzzer target of tests/fuzz for a bounded time
# (make fuzz-check: a few seconds each, in make check; make fuzz: longer).
#
# usage: scripts/fuzz.sh BUILD_DIR SECONDS_PER_TARGET
#
# Each target starts from its seed corpus tests/fuzz/corpus/NAME (read
# only) and a working corpus BUILD_DIR/fuzz-corpus/NAME that keeps what it
# found between runs; a crash, leak or sanitizer report leaves its input in
# BUILD_DIR/fuzz-artifacts/ and fails.  One line per target: executions,
# executions per second, corpus size.
set -eu

BUILD=${1:?usage: fuzz.sh BUILD_DIR SECONDS}
SECONDS_EACH=${2:?usage: fuzz.sh BUILD_DIR SECONDS}
SRC=$(cd "$(dirname "$0")/.." && pwd)
export DB_SRC="$SRC" DISCBENCH_DATA="$SRC"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$BUILD/fuzz-artifacts"
report="$BUILD/fuzz-report.txt"
: > "$report"
status=0
for seeds in "$SRC"/tests/fuzz/corpus/*/; do
    name=$(basename "$seeds")
    exe="$BUILD/fuzz_$name"
    [ -x "$exe" ] || { echo "fuzz: $exe not built" >&2; exit 1; }
    work="$BUILD/fuzz-corpus/$name"
    mkdir -p "$work"
    log="$BUILD/fuzz-$name.log"
    if "$exe" -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=1024 \
        -artifact_prefix="$BUILD/fuzz-artifacts/$name-" "$work" "$seeds" > "$log" 2>&1; then
        result="no finding"
    else
        result="FINDING (see $log and $BUILD/fuzz-artifacts/)"
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(ls "$work" | wc -l)
    line=$(printf 'fuzz_%-8s %10s runs in %ss (%s/s), working corpus %s inputs: %s' "$name" "${runs:-?}" \
        "$SECONDS_EACH" "${rate:-?}" "$corpus" "$result")
    echo "$line"
    echo "$line" >> "$report"
done
exit $status
