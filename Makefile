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

run: build
	./build/bin/gis info $(SAMPLE)

test: test-release test-asan

test-release: build
	ctest --preset release -j $(JOBS)

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: build
	@cmake --build --preset release --target benchmarks -j $(JOBS)
	bash tests/benchmarks/run.sh build

install: build
	cmake --install build --prefix $(PREFIX)

clean:
	rm -rf build build-asan
