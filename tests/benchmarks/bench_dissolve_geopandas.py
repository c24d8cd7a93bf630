#!/usr/bin/python3
"""GeoPandas's dissolve of the benchmark coverage (make_coverage_data.py), timed as `gis analyse dissolve --timings`:
usage: bench_dissolve_geopandas.py IN.gpkg OUT.gpkg [--by FIELD] [--repair]
--repair makes every geometry valid first (shapely.make_valid), as `--invalid repair` does; without it an invalid
ring may stop GeoPandas with a GEOS TopologyException."""
import argparse
import resource
import time

import geopandas as gpd
from shapely.validation import make_valid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--by")
    ap.add_argument("--repair", action="store_true")
    a = ap.parse_args()
    t0 = time.perf_counter()
    df = gpd.read_file(a.input)
    t1 = time.perf_counter()
    c1 = time.process_time()
    try:
        if a.repair:
            df["geometry"] = df.geometry.apply(make_valid)
        d = df.dissolve(by=a.by, aggfunc={"population": "sum"}) if a.by else df[["geometry"]].dissolve()
    except Exception as e:  # noqa: BLE001 - the benchmark reports what stopped it
        print(f"geopandas: {type(e).__name__}: {e}")
        return
    t2 = time.perf_counter()
    c2 = time.process_time()
    d.to_file(a.output, driver="GPKG")
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"geopandas: {len(df)} in, {len(d)} out; load_ms={(t1 - t0) * 1000:.0f} run_ms={(t2 - t1) * 1000:.0f} "
          f"write_ms={(t3 - t2) * 1000:.0f} run_cpu_ms={(c2 - c1) * 1000:.0f} maxrss={rss}kB")


if __name__ == "__main__":
    main()
