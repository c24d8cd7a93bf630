# Thin wrapper over CMake presets (CMakePresets.json). Quick start: `make run`, `make test`.
JOBS   ?= $(shell nproc)
PREFIX ?= /usr/local
SAMPLE ?= data/dakhiliyah.gpkg

.PHONY: all deps build run test test-release test-asan test-fuzz fuzz fuzz-build bench install package clean try-postgis stop-postgis

all: build

deps:
	@bash packaging/debian/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

PROJECT ?= data/dakhiliyah.json

# The desktop viewer on the sample project; without a display, the same map rendered to PNG and PDF instead.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  ./build/bin/interior-explorer $(PROJECT); \
	else \
	  echo "run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): rendering $(PROJECT) to files instead of opening the viewer"; \
	  ./build/bin/gis render $(PROJECT) -o build/dakhiliyah.png && \
	  ./build/bin/gis render $(PROJECT) -o build/dakhiliyah.pdf && \
	  echo "$(CURDIR)/build/dakhiliyah.png" && echo "$(CURDIR)/build/dakhiliyah.pdf"; \
	fi

# A private PostGIS server under build/try-postgis (Unix socket only) with the sample project promoted into it
# (tools/try-postgis.sh prints how to open it); stop-postgis stops that server.
try-postgis: build
	@bash tools/try-postgis.sh

stop-postgis:
	@bash tools/try-postgis.sh stop

test: test-release test-asan test-fuzz

# The benchmark programs are compiled too (not run: make bench does), so that a change cannot leave make bench
# broken unnoticed, as it once did.
test-release: build
	@cmake --build --preset release --target benchmarks -j $(JOBS)
	ctest --preset release -j $(JOBS)

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Fuzzing (docs/fuzzing.md): clang 14's libFuzzer, ASan and UBSan, one target per parser (tests/fuzz/). test-fuzz runs
# each target FUZZ_TEST_SECONDS on its seeds and regression inputs; fuzz is the long campaign, FUZZ_SECONDS per target,
# FUZZ_PARALLEL targets at a time, crashes in build-fuzz/artifacts/<target>/.
FUZZ_TEST_SECONDS ?= 15
FUZZ_TEST_RUNS    ?= 200000
FUZZ_SECONDS      ?= 3600
FUZZ_PARALLEL     ?= 2
FUZZ_TARGETS      ?=

fuzz-build: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

# A fixed seed and a cap on runs, so that make test explores the same inputs on every run (a new crash shows up in
# make fuzz, not as a flaky test).
test-fuzz: fuzz-build
	PARALLEL=$(FUZZ_PARALLEL) FUZZ_ARGS="-seed=1 -runs=$(FUZZ_TEST_RUNS) $(FUZZ_ARGS)" \
	  bash tests/fuzz/run.sh build-fuzz $(FUZZ_TEST_SECONDS) $(FUZZ_TARGETS)

fuzz: fuzz-build
	PARALLEL=$(FUZZ_PARALLEL) bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Benchmarks with their peers (GDAL, SpatiaLite, GeoPandas, PostGIS, Mapnik, QGIS), installed on first use.
bench: build
	@bash packaging/debian/install-deps.sh --bench
	@cmake --build --preset release --target benchmarks -j $(JOBS)
	bash tests/benchmarks/run.sh build

install: build
	cmake --install build --prefix $(PREFIX)

# Debian packages of the release build in build/packages (packaging/CMakeLists.txt; README, "Install as Debian
# packages"): libgis0, libgis-dev, gis, interior-explorer, interior-explorer-data. CPack packages the build as it
# is; nothing is compiled again.
package: build
	@cd build && cpack --config CPackConfig.cmake -B packages
	@ls -1 build/packages/*.deb

clean:
	rm -rf build build-asan build-fuzz
