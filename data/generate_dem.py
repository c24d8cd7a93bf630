#!/usr/bin/python3
"""Build data/nizwa_dem.tif: a SYNTHETIC elevation model of the Nizwa area for Interior Explorer.

The terrain is invented. It only imitates the shape of the real landscape (the Jebel Akhdar massif of the Hajar
mountains north and north-east of Nizwa, the gravel plain around Nizwa at about 500 m, wadis running south out of
the mountains) so that hillshading, colour ramps and reprojection have something plausible to show. It is NOT real
elevation data: never use it to measure a height or a slope.

Run with Debian's Python, which has GDAL's bindings (python3-gdal):

    /usr/bin/python3 data/generate_dem.py [--output FILE]

Only the standard library and osgeo are used. The random numbers come from one random.Random with a fixed seed,
so every run gives the same elevations (and, with the same GDAL, the same bytes).
"""

import argparse
import array
import math
import os
import random
import sys

from osgeo import gdal, osr

SEED = 20252
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "nizwa_dem.tif")

# Area of interest in lon/lat; the grid is the UTM 40N box around it, so the map renderer has to reproject it when
# the map is in EPSG:4326.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 57.3, 57.9, 22.7, 23.2
EPSG = 32640
CELL = 90.0  # metres, about the resolution of SRTM/Copernicus 3" data here
NODATA = -32768
COARSE = 4  # the smooth base relief is computed every COARSE cells and interpolated

gdal.UseExceptions()
osr.UseExceptions()


def make_transform():
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(EPSG)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return utm, osr.CoordinateTransformation(wgs84, utm)


UTM, TO_UTM = make_transform()


def utm(lon, lat):
    x, y, _ = TO_UTM.TransformPoint(lon, lat)
    return x, y


# ---------------------------------------------------------------------------------------------------------------
# Terrain features, in lon/lat (converted to UTM once)
# ---------------------------------------------------------------------------------------------------------------

# Crest lines of the massif: (lon, lat, crest height above the plain in m, half-width across the crest in m).
# The main crest runs WNW-ESE north of Nizwa, highest towards the Jebel Shams end in the north-west, with the
# Saiq plateau (Al Jabal Al Akhdar, about 2,000 m) north-east of Nizwa.
RIDGES = [
    [(57.26, 23.23, 2050, 9000), (57.40, 23.20, 2000, 9500), (57.55, 23.17, 1700, 9000),
     (57.66, 23.10, 1450, 8000), (57.80, 23.12, 1250, 8000), (57.94, 23.15, 1000, 7000)],
    # foothills south of the crest, between Tanuf and Birkat Al Mawz
    [(57.36, 23.06, 380, 2600), (57.48, 23.04, 480, 2600), (57.60, 23.03, 330, 2300)],
    # low ridge east of Izki
    [(57.83, 22.99, 300, 2200), (57.89, 22.90, 260, 2200)],
]

# Isolated jebels in the plain: (lon, lat, height above the plain, radius in m).
HILLS = [
    (57.47, 22.84, 240, 1800),
    (57.62, 22.78, 170, 1500),
    (57.36, 22.93, 280, 2200),
    (57.74, 22.86, 200, 1600),
]

# Wadi courses from the mountains southwards: lists of (lon, lat), head first.
WADIS = [
    [(57.55, 23.17), (57.54, 23.03), (57.53, 22.93), (57.55, 22.82), (57.57, 22.68)],  # Wadi Kalbouh / Nizwa
    [(57.43, 23.19), (57.46, 23.05), (57.44, 22.96), (57.39, 22.85), (57.34, 22.68)],  # Wadi Tanuf
    [(57.67, 23.14), (57.67, 23.00), (57.67, 22.91), (57.71, 22.80), (57.75, 22.68)],  # Wadi Muaydin
    [(57.81, 23.19), (57.79, 23.05), (57.79, 22.94), (57.83, 22.82), (57.86, 22.68)],  # Wadi Halfayn (Izki)
    [(57.33, 23.21), (57.32, 23.07), (57.30, 22.98)],                                    # Wadi Ghul side valley
]

WADI_REACH = 3000.0  # metres: beyond this nothing is left of a wadi's trough


def to_utm_lines(lines):
    return [[utm(p[0], p[1]) + tuple(p[2:]) for p in line] for line in lines]


def densify(line, step):
    """Points every `step` metres along a polyline of (x, y, height, width), attributes interpolated."""
    out = []
    for a, b in zip(line, line[1:]):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        n = max(1, int(length / step))
        for k in range(n):
            t = k / n
            out.append(tuple(a[i] + (b[i] - a[i]) * t for i in range(4)))
    out.append(line[-1])
    return out


def tributaries(rng, wadi):
    """Short side valleys joining a wadi in its mountain reach, climbing north-east or north-west."""
    out = []
    for _ in range(4):
        t = rng.uniform(0.2, 0.95)  # along the first reach, inside the mountains
        a, b = wadi[0], wadi[1]
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        side = rng.choice((-1, 1))
        line = [(x, y)]
        for _ in range(2):
            angle = math.radians(side * rng.uniform(25, 65))  # from north
            length = rng.uniform(1800, 3500)
            x, y = x + math.sin(angle) * length, y + math.cos(angle) * length
            line.append((x, y))
        out.append(line[::-1])  # head first
    return out


class Wadi:
    """A wadi course with its cumulative length (for the taper at its head) and a box for quick rejection."""

    def __init__(self, line, scale):
        self.line = line
        self.scale = scale  # 1 for main wadis, less for side valleys
        self.lengths = [0.0]
        for a, b in zip(line, line[1:]):
            self.lengths.append(self.lengths[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
        self.box = (min(p[0] for p in line) - WADI_REACH, min(p[1] for p in line) - WADI_REACH,
                    max(p[0] for p in line) + WADI_REACH, max(p[1] for p in line) + WADI_REACH)


RIDGES_UTM = [densify(line, 1500.0) for line in to_utm_lines(RIDGES)]
HILLS_UTM = [utm(lon, lat) + (h, r) for lon, lat, h, r in HILLS]
NIZWA_Y = utm(57.53, 22.93)[1]


def nearest_on_polyline(x, y, line):
    """(squared distance, index of segment, parameter t) of the point of `line` nearest to (x, y)."""
    best = (float("inf"), 0, 0.0)
    for i in range(len(line) - 1):
        ax, ay = line[i][0], line[i][1]
        bx, by = line[i + 1][0], line[i + 1][1]
        dx, dy = bx - ax, by - ay
        t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
        t = 0.0 if t < 0 else 1.0 if t > 1 else t
        ex, ey = ax + t * dx - x, ay + t * dy - y
        d2 = ex * ex + ey * ey
        if d2 < best[0]:
            best = (d2, i, t)
    return best


# ---------------------------------------------------------------------------------------------------------------
# Value noise: random values on a lattice, smoothly interpolated; octaves summed for a fractal surface
# ---------------------------------------------------------------------------------------------------------------

class ValueNoise:
    def __init__(self, rng, x0, y0, width, height, spacing_x, spacing_y=None):
        spacing_y = spacing_y or spacing_x
        self.x0, self.y0, self.sx, self.sy = x0, y0, spacing_x, spacing_y
        self.nx = int(width / spacing_x) + 3
        ny = int(height / spacing_y) + 3
        self.values = [rng.random() for _ in range(self.nx * ny)]

    def at(self, x, y):
        fx = (x - self.x0) / self.sx
        fy = (y - self.y0) / self.sy
        ix, iy = int(fx), int(fy)
        tx, ty = fx - ix, fy - iy
        tx = tx * tx * (3 - 2 * tx)  # smoothstep: no creases along lattice lines
        ty = ty * ty * (3 - 2 * ty)
        v, n = self.values, self.nx
        i = iy * n + ix
        top = v[i] + (v[i + 1] - v[i]) * tx
        bottom = v[i + n] + (v[i + n + 1] - v[i + n]) * tx
        return top + (bottom - top) * ty


def fractal(octaves, x, y, ridged=False):
    total, amplitude, norm = 0.0, 1.0, 0.0
    for octave in octaves:
        n = octave.at(x, y)
        if ridged:
            n = 1.0 - abs(2.0 * n - 1.0)  # sharp crests, rounded valleys: eroded mountain texture
            n = n * n
        total += amplitude * n
        norm += amplitude
        amplitude *= 0.55
    return total / norm


class Terrain:
    def __init__(self, rng, x0, y0, width, height):
        def octaves(spacings, stretch=1.0):
            return [ValueNoise(rng, x0, y0, width, height, s, s * stretch) for s in spacings]

        self.warp_x = octaves([12000, 6000])
        self.warp_y = octaves([12000, 6000])
        self.smooth = octaves([16000, 8000, 4000, 2000])
        self.rugged = octaves([5000, 2500, 1250, 620, 310, 180])
        # Gullies on the southern flank run downhill, north-south: noise stretched along y.
        self.gullies = octaves([2400, 1200, 600, 300], stretch=3.0)
        self.meander_x = octaves([5000, 2000])
        self.meander_y = octaves([5000, 2000])
        self.wadis = [Wadi(line, 1.0) for line in to_utm_lines(WADIS)]
        for line in to_utm_lines(WADIS):
            self.wadis += [Wadi(t, 0.75) for t in tributaries(rng, line)]

    def base_relief(self, x, y):
        """Height above the plain of the massif and the jebels: smooth, so it is sampled on a coarse grid."""
        # Warped coordinates make the mountain front and the crests irregular instead of straight.
        wx = x + 9000.0 * (fractal(self.warp_x, x, y) - 0.5)
        wy = y + 6000.0 * (fractal(self.warp_y, x, y) - 0.5)
        relief = 0.0
        for line in RIDGES_UTM:
            # A ridge is a row of gaussian blobs 1.5 km apart: smooth where the crest bends.
            for px, py, height, width in line:
                d2 = (wx - px) ** 2 + (wy - py) ** 2
                if d2 < 9.0 * width * width:
                    relief += height * 1500.0 / (1.7725 * width) * math.exp(-d2 / (width * width))
        for hx, hy, height, radius in HILLS_UTM:
            d2 = (wx - hx) ** 2 + (wy - hy) ** 2
            relief += height * math.exp(-d2 / (radius * radius))
        return relief * (0.8 + 0.4 * fractal(self.smooth, x, y))

    def elevation(self, x, y, relief):
        # The plain: about 500 m at Nizwa, falling gently southwards towards the interior desert.
        plain = 500.0 + (y - NIZWA_Y) * 0.0028 + 40.0 * (fractal(self.smooth, x + 7919.0, y) - 0.5)

        # Mountains are rugged (ridged noise and gullies, several hundred metres), the plain only undulates.
        mountain = min(1.0, relief / 700.0)
        if mountain > 0.02:
            texture = 0.6 * fractal(self.rugged, x, y, ridged=True) + 0.4 * fractal(self.gullies, x, y, ridged=True)
            relief += mountain * 650.0 * (texture - 0.3)

        # Wadis: gaussian troughs, canyons in the mountains and shallow beds in the plain, meandering.
        mx = x + 900.0 * (fractal(self.meander_x, x, y) - 0.5)
        my = y + 900.0 * (fractal(self.meander_y, x, y) - 0.5)
        for wadi in self.wadis:
            b = wadi.box
            if not (b[0] <= mx <= b[2] and b[1] <= my <= b[3]):
                continue
            d2, i, t = nearest_on_polyline(mx, my, wadi.line)
            if d2 > WADI_REACH * WADI_REACH:
                continue
            along = wadi.lengths[i] + (wadi.lengths[i + 1] - wadi.lengths[i]) * t
            head = min(1.0, along / 4000.0)
            head = head * head * (3 - 2 * head)  # the valley deepens from its head downstream
            depth = wadi.scale * head * (6.0 + 0.5 * max(0.0, relief))
            width = 220.0 + 0.45 * max(0.0, relief) * wadi.scale
            relief -= depth * math.exp(-d2 / (width * width))
        return plain + max(relief, -30.0)


def grid_box():
    """The UTM box around the lon/lat area, snapped to whole cells."""
    xs, ys = [], []
    for i in range(11):
        lon = LON_MIN + (LON_MAX - LON_MIN) * i / 10
        lat = LAT_MIN + (LAT_MAX - LAT_MIN) * i / 10
        for p in (utm(lon, LAT_MIN), utm(lon, LAT_MAX), utm(LON_MIN, lat), utm(LON_MAX, lat)):
            xs.append(p[0])
            ys.append(p[1])
    x0 = math.floor(min(xs) / CELL) * CELL
    y1 = math.ceil(max(ys) / CELL) * CELL
    width = int(math.ceil((max(xs) - x0) / CELL))
    height = int(math.ceil((y1 - min(ys)) / CELL))
    return x0, y1, width, height


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args()

    x0, y1, width, height = grid_box()
    rng = random.Random(SEED)
    margin = 20000.0  # noise lattices reach past the grid: warped and meandering coordinates leave it
    terrain = Terrain(rng, x0 - margin, y1 - height * CELL - margin, width * CELL + 2 * margin,
                      height * CELL + 2 * margin)

    # The smooth relief on a grid COARSE times coarser, then interpolated: the blobs are kilometres wide.
    coarse_w, coarse_h = width // COARSE + 2, height // COARSE + 2
    coarse = [[terrain.base_relief(x0 + c * COARSE * CELL, y1 - r * COARSE * CELL) for c in range(coarse_w)]
              for r in range(coarse_h)]

    if os.path.exists(args.output):
        os.remove(args.output)
    driver = gdal.GetDriverByName("GTiff")
    ds = driver.Create(args.output, width, height, 1, gdal.GDT_Int16,
                       ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=2",
                        "ZLEVEL=9"])
    ds.SetGeoTransform((x0, CELL, 0.0, y1, 0.0, -CELL))
    ds.SetProjection(UTM.ExportToWkt())
    ds.SetMetadataItem("SYNTHETIC", "YES")
    ds.SetMetadataItem("DESCRIPTION", "SYNTHETIC elevation model of the Nizwa area made by data/generate_dem.py; "
                       "not real elevation data")
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetDescription("elevation (m, SYNTHETIC)")
    band.SetUnitType("m")

    lowest, highest = 1e9, -1e9
    for row in range(height):
        y = y1 - (row + 0.5) * CELL
        values = array.array("h")
        for col in range(width):
            x = x0 + (col + 0.5) * CELL
            fr, fc = (row + 0.5) / COARSE, (col + 0.5) / COARSE
            r, c = int(fr), int(fc)
            tr, tc = fr - r, fc - c
            top = coarse[r][c] + (coarse[r][c + 1] - coarse[r][c]) * tc
            bottom = coarse[r + 1][c] + (coarse[r + 1][c + 1] - coarse[r + 1][c]) * tc
            z = int(round(terrain.elevation(x, y, top + (bottom - top) * tr)))
            lowest, highest = min(lowest, z), max(highest, z)
            values.append(z)
        if sys.byteorder != "little":
            values.byteswap()
        band.WriteRaster(0, row, width, 1, values.tobytes(), buf_type=gdal.GDT_Int16)
    band.FlushCache()

    # Internal overviews 2, 4, ... until the smaller side is under 256 px, like RasterSource::buildOverviews.
    levels, factor = [], 2
    while True:
        levels.append(factor)
        if min(width, height) / factor < 256:
            break
        factor *= 2
    gdal.SetConfigOption("COMPRESS_OVERVIEW", "DEFLATE")
    gdal.SetConfigOption("PREDICTOR_OVERVIEW", "2")
    ds.BuildOverviews("AVERAGE", levels)
    ds = None

    print("%s: %d x %d cells of %g m, EPSG:%d, elevation %d..%d m, overviews %s, %d bytes"
          % (args.output, width, height, CELL, EPSG, lowest, highest, levels, os.path.getsize(args.output)))


if __name__ == "__main__":
    main()
