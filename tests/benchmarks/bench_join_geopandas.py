#!/usr/bin/python3
"""GeoPandas peer of the join benchmark: points within polygons, counted per cell_id.

  bench_join_geopandas.py POINTS.gpkg POLYGONS.gpkg OUT.csv

Writes "cell_id,count" rows (cells with at least one point) to OUT.csv and "read_s=... join_s=..." on stdout.
"""

import sys
import time

import geopandas


def main():
    points_path, polygons_path, out_path = sys.argv[1:4]
    t0 = time.perf_counter()
    points = geopandas.read_file(points_path)
    polygons = geopandas.read_file(polygons_path)
    t1 = time.perf_counter()
    joined = geopandas.sjoin(points, polygons[["cell_id", "geometry"]], how="inner", predicate="within")
    counts = joined.groupby("cell_id").size()
    t2 = time.perf_counter()
    with open(out_path, "w") as out:
        for cell, n in counts.items():
            out.write(f"{cell},{n}\n")
    print(f"read_s={t1 - t0:.3f} join_s={t2 - t1:.3f} version={geopandas.__version__}")


if __name__ == "__main__":
    main()
