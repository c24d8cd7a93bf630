# Thin wrapper over CMake presets (CMakePresets.json). Quick start: `make run`, `make test`.
JOBS   ?= $(shell nproc)
PREFIX ?= /usr/local
SAMPLE ?= data/dakhiliyah.gpkg

.PHONY: all deps build run test test-release test-asan bench install clean

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

test: test-release test-asan

test-release: build
	ctest --preset release -j $(JOBS)

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Benchmarks with their peers (GDAL, SpatiaLite, GeoPandas, PostGIS, Mapnik, QGIS), installed on first use.
bench: build
	@bash packaging/debian/install-deps.sh --bench
	@cmake --build --preset release --target benchmarks -j $(JOBS)
	bash tests/benchmarks/run.sh build

install: build
	cmake --install build --prefix $(PREFIX)

clean:
	rm -rf build build-asan
