# Deterministic benchmark data for zonal-statistics (tests/benchmarks/bench_zonalstatistics.sh): a 10,000 x 10,000
# Int16 raster (10 m pixels, EPSG:32640) and 10,000 polygons (a 100 x 100 grid of jittered 12-gons, each ~100 x 100 pixels), no third-party Python modules.
import array, math, os, sys
os.chdir(sys.argv[1])  # the data folder
W = H = 10000
base = array.array('h', [((c * 37 + (c * c) % 101) % 2000) for c in range(2 * W)])
with open('r.bil', 'wb') as f:
    for r in range(H):
        s = (r * 13) % W
        f.write(base[s:s + W].tobytes())
with open('r.hdr', 'w') as f:
    f.write('ENVI\nsamples = %d\nlines = %d\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\n'
            'data type = 2\ninterleave = bsq\nbyte order = 0\nmap info = {UTM, 1, 1, 500000, 2600000, 10, 10, 40, North, WGS-84}\n' % (W, H))
seed = 1
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648.0
with open('zones.csv', 'w') as f:
    f.write('id,WKT\n')
    for j in range(100):
        for i in range(100):
            cx = 500000 + (i + 0.5) * 1000
            cy = 2600000 - (j + 0.5) * 1000
            pts = []
            for k in range(12):
                a = 2 * math.pi * k / 12
                rr = 350 + 200 * rnd()
                pts.append('%.3f %.3f' % (cx + rr * math.cos(a), cy + rr * math.sin(a)))
            pts.append(pts[0])
            f.write('%d,"POLYGON ((%s))"\n' % (j * 100 + i + 1, ', '.join(pts)))
