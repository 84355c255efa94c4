#!/bin/sh
# deps.sh - make sure the Debian packages discbench builds and tests with are
# installed.  As root: installs the missing ones with apt-get.  Otherwise:
# prints the exact command to run and fails.
set -eu

PACKAGES="gcc clang libclang-rt-dev make cmake pkg-config libcdio-dev libcdio-paranoia-dev zlib1g-dev libsqlite3-dev \
libcmocka-dev gnuplot-nox genisoimage libxml2-utils \
libcdio-utils cd-paranoia wodim qpxtool \
man-db dpkg-dev file lintian"
# The last four are for tests only: the tools the virtual device node
# (libdiscbench-vdev.so) is cross-checked with - cd-info, cd-paranoia,
# readom (wodim) and qscan (qpxtool; Debian 12 ships 0.8.1, whose qscan says 0.7.2).
# man-db, dpkg-dev, file, lintian: `make package` (dpkg-shlibdeps works out the
# .deb's dependencies, file tells it which files are binaries) and its tests
# (man -l on the installed pages, lintian on the .deb).

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: not a Debian system; install: a C11 compiler, clang with its libFuzzer runtime (make fuzz-check), cmake, pkg-config, libcdio, libcdio-paranoia, sqlite3, cmocka, gnuplot, genisoimage, xmllint; for the tests of the virtual device node: cd-info, cd-paranoia, readom, qscan" >&2
    exit 0
fi

# ISA-L (the fast CRC-32 of dae, src/util/crc32.c) is in Debian for these
# architectures only; elsewhere the build uses zlib's CRC-32.
case "$(dpkg --print-architecture)" in
    amd64 | arm64 | ppc64el | s390x | riscv64) PACKAGES="$PACKAGES libisal-dev" ;;
esac

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
else
    echo "deps: missing packages:$missing" >&2
    echo "deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
