# Thin wrapper over CMake.  `make demo` and `make check` do all set-up.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 6
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_OUT ?= results/demo

PREFIX ?= /usr/local

.PHONY: all deps build demo check test asan bench clean layers install package fuzz-check fuzz

all: build

deps:
	@scripts/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# The users' story on the virtual drive (scripts/demo.sh; README "make demo"):
# two drives on one data and one audio disc, then CD-Rs scanned and graded.
# Its results store is $(DEMO_OUT)/results.db, so every run gives the same.
demo: build
	scripts/demo.sh $(BUILD)/discbench $(DEMO_OUT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDB_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

layers:
	@if [ -x ../shared/tools/layers ]; then ../shared/tools/layers src; else echo "layers: ../shared/tools/layers not found, skipped"; fi

# libFuzzer targets (tests/fuzz) under ASan+UBSan, built with clang in
# $(FUZZ_BUILD): FUZZ_SECONDS each in make check, 5 minutes each in make fuzz.
fuzz-check: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DDB_FUZZ=ON -DDB_TESTS=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz:
	$(MAKE) fuzz-check FUZZ_SECONDS=300

check: test asan layers fuzz-check

bench: build
	$(BUILD)/db_bench
	$(BUILD)/db_bench_vdev

# make install [PREFIX=/usr/local] [DESTDIR=/staging]: README "Install".
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# make package: $(BUILD)/discbench_VERSION_ARCH.deb (CPack).
package: build
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
