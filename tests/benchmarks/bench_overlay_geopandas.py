#!/usr/bin/python3
"""The GeoPandas peer of `gis analyse intersection` (run with Debian's /usr/bin/python3, GeoPandas 0.12):

  bench_overlay_geopandas.py PARCELS.gpkg ZONES.gpkg OUT.gpkg

Prints read_ms, run_ms (overlay(how='intersection'), keep_geom_type=True as gis keeps polygons only), write_ms,
the feature count and the total area, so the two results can be compared.
"""

import sys
import time

import geopandas as gpd


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    t0 = time.perf_counter()
    parcels = gpd.read_file(sys.argv[1])
    zones = gpd.read_file(sys.argv[2])
    t1 = time.perf_counter()
    out = gpd.overlay(parcels, zones, how="intersection", keep_geom_type=True)
    t2 = time.perf_counter()
    out.to_file(sys.argv[3], driver="GPKG")
    t3 = time.perf_counter()
    print(f"geopandas: {len(out)} features, area {out.geometry.area.sum():.6f}")
    print(f"read_ms={(t1 - t0) * 1000:.0f} run_ms={(t2 - t1) * 1000:.0f} write_ms={(t3 - t2) * 1000:.0f}")


if __name__ == "__main__":
    main()
