#!/usr/bin/python3
"""Deterministic admin-style coverage for the dissolve benchmark (docs/analysis.md, dissolve).

A grid of COLS x ROWS cells whose shared edges are wavy polylines (a sum of sines with phases drawn from a fixed
seed, zero at the corners), so neighbouring cells share every vertex of their common edge, as wilayat and parcels
do. Each cell has a `group` (blocks of the grid: ~100 groups), a `population` (integer) and a `name`. A few cells
(--invalid) get a self-intersecting ring: two neighbouring vertices of one edge swapped, the kind of defect real
boundaries have.

usage: make_coverage_data.py OUT.gpkg [--cols 64] [--rows 63] [--points 80] [--invalid 5]
Defaults: 4,032 cells, ~1.29 M vertices.
"""
import argparse
import math
import random

import geopandas as gpd
from shapely.geometry import Polygon


def edge(rng, a, b, n, amplitude):
    """n+1 points from a to b, displaced perpendicular to the edge by a smooth random curve zero at both ends."""
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(4)]
    weights = [1.0, 0.5, 0.25, 0.125]
    freqs = [1, 3, 7, 15]
    norm = sum(weights)
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    px, py = -dy / length, dx / length
    pts = []
    for k in range(n + 1):
        t = k / n
        d = sum(w * math.sin(f * math.pi * t + p) for w, f, p in zip(weights, freqs, phases)) / norm
        d *= math.sin(math.pi * t) * amplitude * length
        pts.append((ax + dx * t + px * d, ay + dy * t + py * d))
    pts[0], pts[-1] = a, b
    return pts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=64)
    ap.add_argument("--rows", type=int, default=63)
    ap.add_argument("--points", type=int, default=80, help="segments per cell edge")
    ap.add_argument("--invalid", type=int, default=5)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cols, rows, n = args.cols, args.rows, args.points
    x0, y0, size = 55.0, 21.0, 0.05

    def corner(i, j):
        return (round(x0 + i * size, 9), round(y0 + j * size, 9))

    horizontal = {}  # (i, j): edge from corner(i, j) to corner(i+1, j)
    vertical = {}    # (i, j): edge from corner(i, j) to corner(i, j+1)
    for j in range(rows + 1):
        for i in range(cols):
            horizontal[i, j] = edge(rng, corner(i, j), corner(i + 1, j), n, 0.1)
    for j in range(rows):
        for i in range(cols + 1):
            vertical[i, j] = edge(rng, corner(i, j), corner(i, j + 1), n, 0.1)
    bad = set(rng.sample(range(cols * rows), args.invalid))
    records = []
    for j in range(rows):
        for i in range(cols):
            ring = (horizontal[i, j][:-1] + vertical[i + 1, j][:-1] + list(reversed(horizontal[i, j + 1]))[:-1]
                    + list(reversed(vertical[i, j]))[:-1])
            fid = j * cols + i
            if fid in bad:
                # two neighbouring vertices of the bottom edge swapped: the ring crosses itself there (GEOS:
                # "Ring Self-intersection" or "Self-intersection"), as a digitising slip does
                k = n // 2
                ring[k], ring[k + 1] = ring[k + 1], ring[k]
            records.append({
                "group": f"g{(j * 10 // rows) * 10 + (i * 10 // cols):03d}",
                "population": rng.randint(100, 50000),
                "name": f"cell {i},{j}",
                "geometry": Polygon(ring + [ring[0]]),
            })
    gpd.GeoDataFrame(records, crs="EPSG:4326").to_file(args.out, layer="cells", driver="GPKG")
    verts = sum(len(r["geometry"].exterior.coords) for r in records)
    print(f"{args.out}: {len(records)} cells, {verts} vertices, {len({r['group'] for r in records})} groups, "
          f"{len(bad)} invalid")


if __name__ == "__main__":
    main()
