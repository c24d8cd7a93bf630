#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/ (docs/fuzzing.md).

Seeds come from the tests, the project's styles, layouts and sample data, and hand-written cases of each format
(byte orders, Z/M, SRIDs, envelopes, empty members). Needs ogr2ogr (gdal-bin) for the data-format seeds.
The corpus is checked in; run this again only to regenerate it:  python3 tests/fuzz/make_corpus.py
"""
import ast
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
SHARED = os.path.join(ROOT, "..", "..", "shared", "data", "oman")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data/oman"


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- WKT and WKB ----
WKT = [
    "POINT (1 2)", "POINT Z (1 2 3)", "POINT M (1 2 4)", "POINT ZM (1 2 3 4)", "POINTM (1 2 3)", "POINT (1 2 3)",
    "POINT EMPTY", "SRID=4326;POINT (57.5 22.9)", "LINESTRING (0 0, 1 1, 2 0)", "LINESTRING EMPTY",
    "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))", "POLYGON EMPTY", "POLYGON ((0 0, 1 0, 1 1, 0 0), EMPTY)",
    "MULTIPOINT ((1 2), (3 4))", "MULTIPOINT (1 2, 3 4)", "MULTIPOINT (EMPTY, (1 2))", "MULTIPOINT EMPTY",
    "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
    "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), GEOMETRYCOLLECTION (POINT (3 4)))",
    "GEOMETRYCOLLECTION EMPTY", "point(1e300 -1.5E-3)", "  MultiLineString Z ((0 0 0, 1 1 1))  ",
    "POLYGON ZM ((0 0 1 2, 1 0 1 2, 1 1 1 2, 0 0 1 2))",
]
TYPES = {"POINT": 1, "LINESTRING": 2, "POLYGON": 3, "MULTIPOINT": 4, "MULTILINESTRING": 5, "MULTIPOLYGON": 6,
         "GEOMETRYCOLLECTION": 7}


def wkb_point(x, y, le=True, iso=0, extra=()):
    e = "<" if le else ">"
    return struct.pack(e[0] + "BI", 1 if le else 0, 1 + iso) + struct.pack(e + "%dd" % (2 + len(extra)), x, y, *extra)


def wkb_line(coords, le=True, typ=2):
    e = "<" if le else ">"
    b = struct.pack(e + "BII", 1 if le else 0, typ, len(coords))
    for c in coords:
        b += struct.pack(e + "dd", *c)
    return b


def wkb_polygon(rings, le=True):
    e = "<" if le else ">"
    b = struct.pack(e + "BII", 1 if le else 0, 3, len(rings))
    for r in rings:
        b += struct.pack(e + "I", len(r))
        for c in r:
            b += struct.pack(e + "dd", *c)
    return b


def wkb_multi(typ, members, le=True):
    e = "<" if le else ">"
    return struct.pack(e + "BII", 1 if le else 0, typ, len(members)) + b"".join(members)


SQUARE = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
HOLE = [(2, 2), (3, 2), (3, 3), (2, 2)]
WKB = {
    "point_le": wkb_point(1, 2), "point_be": wkb_point(1, 2, le=False), "point_z": wkb_point(1, 2, iso=1000, extra=(3,)),
    "point_m": wkb_point(1, 2, iso=2000, extra=(4,)), "point_zm": wkb_point(1, 2, iso=3000, extra=(3, 4)),
    "point_empty": wkb_point(float("nan"), float("nan")),
    "point_ewkb_srid": struct.pack("<BII", 1, 0x20000001, 4326) + struct.pack("<dd", 57.5, 22.9),
    "point_ewkb_z": struct.pack("<BI", 1, 0x80000001) + struct.pack("<ddd", 1, 2, 3),
    "line": wkb_line([(0, 0), (1, 1), (2, 0)]), "line_be": wkb_line([(0, 0), (1, 1)], le=False),
    "polygon_hole": wkb_polygon([SQUARE, HOLE]), "polygon_empty": wkb_polygon([]),
    "multipoint": wkb_multi(4, [wkb_point(1, 2), wkb_point(3, 4, le=False)]),
    "multiline": wkb_multi(5, [wkb_line([(0, 0), (1, 1)]), wkb_line([(2, 2), (3, 3)])]),
    "multipolygon": wkb_multi(6, [wkb_polygon([SQUARE]), wkb_polygon([SQUARE, HOLE], le=False)]),
    "collection_nested": wkb_multi(7, [wkb_point(1, 2), wkb_multi(7, [wkb_line([(0, 0), (5, 5)])])]),
    "collection_empty": wkb_multi(7, []),
}


def gpkg_blob(wkb, envelope=0, srid=4326, empty=False, le=True):
    flags = (envelope << 1) | (1 if le else 0) | (0x10 if empty else 0)
    env = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}[envelope]
    e = "<" if le else ">"
    return b"GP" + bytes([0, flags]) + struct.pack(e + "i", srid) + struct.pack(e + "%dd" % env, *range(env)) + wkb


# ---- PDF: the smallest file of the form QPdfWriter writes, a ToUnicode map of presentation forms ----
CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
4 beginbfchar
<0003> <0009>
<0004> <FEE7>
<0005> <FEFC>
<0006> <FC60>
endbfchar
2 beginbfrange
<0010> <0012> <FEE0>
<0020> <0021> [<FEF4> <0041>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def pdf_with(cmap_stream, filt=b"/Filter /FlateDecode "):
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Resources << /Font << /F4 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansArabic /Encoding /Identity-H /ToUnicode 5 0 R >>",
        b"<< " + filt + b"/Length " + str(len(cmap_stream)).encode() + b" >>\nstream\n" + cmap_stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


# ---- expressions: the cases of tests/query/tst_expression.cpp ----
def expressions():
    src = open(os.path.join(ROOT, "tests", "query", "tst_expression.cpp"), encoding="utf-8").read()
    found = []
    for m in re.finditer(r'\b(?:add|addError)\(((?:"(?:[^"\\]|\\.)*"\s*,?\s*)+)', src):
        for s in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)):
            try:
                text = ast.literal_eval('"' + s + '"')
            except (ValueError, SyntaxError):
                continue
            if text in ("geo", "plan") or text in found:
                continue
            found.append(text)
            break
    found += ["name ILIKE 'n%' AND id IN (1, 2, 3)", "CASE WHEN budget > 100 THEN 'big' WHEN budget IS NULL THEN 'none' ELSE name END",
              "substr(name_ar, 2, 1) || upper(\"wilayat name\")", "round($area / 1e6, 2) > 1 OR $length BETWEEN 0 AND 1000",
              "year(opened) = 2025 AND month(updated) <> day(opened)", "coalesce(name, name_ar, 'x') NOT IN ('a')",
              "abs(min(id, -3)) % 2 = max(0, 1)", "$x + $y * $perimeter", "length(photo) IS NOT NULL", "now() > updated"]
    return found


def journal(*payloads, torn=b""):
    """An edit journal (libgis/src/data/edit/editjournal.h): magic, then length + CRC-32 + payload records."""
    out = b"GISEDJ1\n"
    for p in payloads:
        out += struct.pack("<II", len(p), zlib.crc32(p) & 0xFFFFFFFF) + p
    return out + torn


def editjournal_seeds():
    t = 1765000000000
    header = struct.pack("<Bq", 1, t) + struct.pack("<I", 11) + b"inspections" + struct.pack("<Q", 3)
    version = struct.pack("<BqBQ", 2, 5, 1, 0x1234567890ABCDEF)
    text = "مفتش".encode("utf-8")
    set_text = struct.pack("<BqqQB", 4, t, 5, 1, 3) + struct.pack("<I", len(text)) + text
    set_int = struct.pack("<BqqQBq", 4, t, 5, 2, 1, 77)
    set_real = struct.pack("<BqqQBd", 4, t, 6, 0, 2, 12.5)
    point = wkb_point(57.5, 22.9)
    feature = struct.pack("<BI", 1, len(point)) + point + struct.pack("<I", 3) + b"\x00" + struct.pack("<Bq", 1, 9) \
        + struct.pack("<BI", 3, 1) + b"x"
    insert = struct.pack("<Bqq", 3, t, -1) + feature
    geometry = wkb_polygon([SQUARE])
    set_geom = struct.pack("<BqqBI", 5, t, 7, 1, len(geometry)) + geometry
    move = struct.pack("<BqqQdd", 7, t, 7, 1, 57.6, 22.95)
    remove = struct.pack("<Bqq", 8, t, 9)
    batch = [struct.pack("<BqI", 9, t, 5) + b"batch", set_int, struct.pack("<Bq", 10, t)]
    undo, redo = struct.pack("<Bq", 11, t), struct.pack("<Bq", 12, t)
    accept = struct.pack("<BqqB", 13, t, 10, 1) + feature + struct.pack("<BQ", 1, 42)
    committing = struct.pack("<BqI", 14, t, 2) + struct.pack("<qqBQ", -1, 3001, 1, 7) + struct.pack("<qqBQ", 9, 9, 0, 0)
    put("editjournal", "edits.journal", journal(header, version, set_text, set_int, set_real, insert, set_geom, move,
                                                remove, *batch, undo, redo, accept))
    put("editjournal", "committing.journal", journal(header, insert, committing))
    put("editjournal", "torn_tail.journal", journal(header, version, set_int, torn=b"\x30\x00\x00\x00\x12\x34"))
    put("editjournal", "header_only.journal", journal(header))


def ogr(src, dst, *args):
    subprocess.run(["ogr2ogr", *args, dst, src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def exif_jpeg(be=False, original=b"", offset=b"", datetime=b"", cut=0):
    """An 8x8 JPEG with an APP1 Exif segment built as tests/support/exifjpeg.h builds it."""
    e = ">" if be else "<"
    ifd0 = [(0x0132, datetime + b"\0")] if datetime else []
    exif = ([(0x9003, original + b"\0")] if original else []) + ([(0x9011, offset + b"\0")] if offset else [])
    ifd0_size = 2 + 12 * (len(ifd0) + (1 if exif else 0)) + 4
    exif_off = 8 + ifd0_size
    data_off = exif_off + (2 + 12 * len(exif) + 4 if exif else 0)
    data = b""

    def ifd(entries, pointer):
        nonlocal data
        out = struct.pack(e + "H", len(entries) + (1 if pointer else 0))
        for tag, value in entries:
            if len(value) <= 4:
                out += struct.pack(e + "HHI", tag, 2, len(value)) + value.ljust(4, b"\0")
            else:
                out += struct.pack(e + "HHII", tag, 2, len(value), data_off + len(data))
                data += value
        if pointer:
            out += struct.pack(e + "HHII", 0x8769, 4, 1, exif_off)
        return out + struct.pack(e + "I", 0)

    tiff = (b"MM" if be else b"II") + struct.pack(e + "HI", 42, 8) + ifd(ifd0, bool(exif))
    if exif:
        tiff += ifd(exif, False)
    payload = b"Exif\0\0" + tiff + data
    jpeg = (b"\xff\xd8\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
            + b"\xff\xdb\x00\x04\x00\x00\xff\xda\x00\x02\xff\xd9")
    return jpeg[:cut] if cut else jpeg


def exif_seeds():
    put("exif", "ii_offset.jpg", exif_jpeg(False, b"2026:03:01 10:15:00", b"+04:00", b"2026:03:02 08:00:00"))
    put("exif", "mm_no_offset.jpg", exif_jpeg(True, b"2024:02:29 00:00:01"))
    put("exif", "datetime_only.jpg", exif_jpeg(False, datetime=b"2026:01:05 07:00:00"))
    put("exif", "unset_original.jpg", exif_jpeg(True, b"0000:00:00 00:00:00", b"-03:30", b"2026:01:05 07:00:00"))
    put("exif", "truncated.jpg", exif_jpeg(False, b"2026:03:01 10:15:00", b"+04:00", cut=40))
    put("exif", "no_exif.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")


def main():
    if sys.argv[1:] == ["exif"]:  # python3 tests/fuzz/make_corpus.py exif
        shutil.rmtree(os.path.join(OUT, "exif"), ignore_errors=True)
        return exif_seeds()
    if sys.argv[1:] == ["editjournal"]:  # one target alone: python3 tests/fuzz/make_corpus.py editjournal
        shutil.rmtree(os.path.join(OUT, "editjournal"), ignore_errors=True)
        return editjournal_seeds()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for i, w in enumerate(WKT):
        put("wkt", "%02d.wkt" % i, w)
    for name, b in WKB.items():
        put("wkb", name + ".wkb", b)
        put("gpkgblob", name + ".gpb", gpkg_blob(b))
    put("gpkgblob", "envelope_xy_be.gpb", gpkg_blob(wkb_polygon([SQUARE], le=False), envelope=1, le=False))
    put("gpkgblob", "envelope_xyz.gpb", gpkg_blob(WKB["point_z"], envelope=2))
    put("gpkgblob", "envelope_xym.gpb", gpkg_blob(WKB["point_m"], envelope=3))
    put("gpkgblob", "envelope_xyzm.gpb", gpkg_blob(WKB["point_zm"], envelope=4))
    put("gpkgblob", "empty_flag.gpb", gpkg_blob(WKB["point_empty"], empty=True))

    for i, e in enumerate(expressions()):
        put("expression", "%03d.expr" % i, e)

    styles = os.path.join(ROOT, "styles")
    for f in sorted(os.listdir(styles)):
        if f.endswith(".json"):
            put("stylejson", f, open(os.path.join(styles, f), "rb").read())
    for f in sorted(os.listdir(os.path.join(styles, "layouts"))):
        if f.endswith(".json"):
            put("layout", f, open(os.path.join(styles, "layouts", f), "rb").read())
    put("project", "dakhiliyah.json", open(os.path.join(ROOT, "data", "dakhiliyah.json"), "rb").read())
    put("project", "inline_style.json", '{"version": 1, "title": "t", "title_ar": "ع", "language": "en", "crs": "EPSG:32640",'
        ' "extent": [0, 0, 10, 10], "background": "#ffeedd", "layers": [{"name": "a", "source": "a.geojson",'
        ' "visible": false, "style": {"renderer": {"type": "single", "symbol": {"fill": "red"}}}}]}')

    put("pdfcmap", "presentation_forms.cmap", CMAP)
    put("pdfcmap", "nothing_to_change.cmap", CMAP.replace(b"<FEE7>", b"<0646>").split(b"2 beginbfrange")[0] + b"endcmap\n")
    put("pdftext", "arabic_tounicode.pdf", pdf_with(zlib.compress(CMAP)))
    put("pdftext", "identity_only.pdf", pdf_with(b"", filt=b"").replace(b"/ToUnicode 5 0 R", b"/ToUnicode /Identity-H"))

    # GeoJSON: the shared sample data (small files) and the formats' awkward corners.
    for f in ("peaks.geojson", "ports.geojson", "airports.geojson", "towns.geojson"):
        put("geojson", f, open(os.path.join(SHARED, f), "rb").read())
    put("geojson", "mixed.geojson", '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "id": 7, "properties": {"n": 1, "s": "نزوى", "d": "2025-01-31", "b": true, "a": [1, 2]},'
        ' "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},'
        '{"type": "Feature", "properties": {"n": 2.5, "s": null}, "geometry": null},'
        '{"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": ['
        '{"type": "Point", "coordinates": [1, 2, 3]}, {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]]]}]}}]}')
    with tempfile.TemporaryDirectory() as tmp:
        sources = {"peaks": os.path.join(SHARED, "peaks.geojson"), "ports": os.path.join(SHARED, "ports.geojson")}
        mixed = os.path.join(OUT, "geojson", "mixed.geojson")
        for name, src in list(sources.items()) + [("mixed", mixed)]:
            for target, ext, args in (("csv", "csv", ["-lco", "GEOMETRY=AS_WKT"]), ("kml", "kml", []),
                                      ("flatgeobuf", "fgb", []), ("gpkg", "gpkg", [])):
                if name == "mixed" and target in ("flatgeobuf",):
                    args = ["-nlt", "GEOMETRY"]
                dst = os.path.join(tmp, name + "." + ext)
                try:
                    ogr(src, dst, *args)
                except subprocess.CalledProcessError:
                    continue
                put(target, name + "." + ext, open(dst, "rb").read())
            if name == "mixed":
                continue
            shp = os.path.join(tmp, name + ".shp")
            ogr(src, shp, "-lco", "ENCODING=UTF-8")
            parts = [open(os.path.join(tmp, name + e), "rb").read() for e in (".shp", ".shx", ".dbf")]
            put("shapefile", name + ".shpset", struct.pack("<II", len(parts[0]), len(parts[1])) + b"".join(parts))
        gov = os.path.join(tmp, "gov.shp")
        ogr(os.path.join(SHARED, "governorates.geojson"), gov, "-simplify", "0.05", "-lco", "ENCODING=UTF-8")
        parts = [open(os.path.join(tmp, "gov" + e), "rb").read() for e in (".shp", ".shx", ".dbf")]
        put("shapefile", "governorates.shpset", struct.pack("<II", len(parts[0]), len(parts[1])) + b"".join(parts))
    put("csv", "xy.csv", "id,name,x,y,when\n1,نزوى,57.53,22.93,2025-01-31\n2,\"a, b\",,,\n3,x,1e400,nan,2025-02-30\n")
    put("csv", "wkt.csv", 'WKT,v\n"POLYGON ((0 0,1 0,1 1,0 0))",1\n"",2\n"POINT EMPTY",3\n')
    editjournal_seeds()
    exif_seeds()


if __name__ == "__main__":
    main()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print("corpus: %d bytes" % total, file=sys.stderr)
