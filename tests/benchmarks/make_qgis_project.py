#!/usr/bin/python3
"""Writes a QGIS project (.qgs) serving the sample project's vector layers, for QGIS Server as the peer of `gis serve`
(tests/benchmarks/bench_serve.sh) and as the known-good server of tests/serve/qgis_client.py.

The layers are the vector layers of PROJECT.json (data/dakhiliyah.json), in its order, with the same names, read from
the GeoPackage the project names. Styles are QGIS's simple equivalents of styles/*.json (same fills, strokes, the
same categories and rules, Arabic labels where ours label) so a GetMap draws comparable work. WMS 1.3.0 and OGC API -
Features (QGIS Server's WFS3 at /wfs3) publish every layer under its project name.

Deterministic: the same inputs give the same file bytes (layer ids follow the layer names; the save time, user and
QGIS's random ids are taken out).

Usage: make_qgis_project.py PROJECT.json OUT.qgs   (Debian's python3-qgis; no display needed)
"""
import json
import os
import re
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_HASH_SEED"] = "0"  # Qt writes XML attributes in hash order: fixed, so the file is the same each run

from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsFillSymbol,
                       QgsLineSymbol, QgsMarkerSymbol, QgsPalLayerSettings, QgsProject, QgsRectangle,
                       QgsRendererCategory, QgsRuleBasedRenderer, QgsSingleSymbolRenderer, QgsTextBufferSettings,
                       QgsTextFormat, QgsUnitTypes, QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtGui import QColor, QFont


def fill(color, stroke, width):
    return QgsFillSymbol.createSimple({"color": color, "outline_color": stroke, "outline_width": str(width),
                                       "outline_width_unit": "Pixel", "style": "no" if color == "none" else "solid"})


def marker(color, size, stroke="#ffffff", stroke_width=0.5):
    return QgsMarkerSymbol.createSimple({"name": "circle", "color": color, "size": str(size), "size_unit": "Pixel",
                                         "outline_color": stroke, "outline_width": str(stroke_width),
                                         "outline_width_unit": "Pixel"})


def line(color, width, dashed=False):
    return QgsLineSymbol.createSimple({"line_color": color, "line_width": str(width), "line_width_unit": "Pixel",
                                       "line_style": "dash" if dashed else "solid"})


def categorized(field, categories):
    return QgsCategorizedSymbolRenderer(field, [QgsRendererCategory(v, s, v) for v, s in categories])


def renderer(name):
    """The QGIS renderer closest to styles/NAME.json; a single grey symbol for a layer without a style."""
    if name == "countries":
        return QgsSingleSymbolRenderer(fill("#f2efe9", "#c8c2b8", 0.8))
    if name == "governorates":  # ours: a natural-breaks choropleth; one class here (QGIS needs no classification)
        return QgsSingleSymbolRenderer(fill("#fecc5c", "#8c8c8c", 0.8))
    if name == "parcels":
        return categorized("land_use", [("residential", fill("#fdbf6f", "#b07a2a", 0.3)),
                                        ("agricultural", fill("#8fcf6a", "#4d8a2f", 0.3)),
                                        ("commercial", fill("#e31a1c", "#8e1011", 0.3)),
                                        ("government", fill("#6baed6", "#2b6a96", 0.3)),
                                        ("mixed", fill("#cab2d6", "#6a3d9a", 0.3)),
                                        ("vacant", fill("#eeeeee", "#999999", 0.3))])
    if name == "wilayat":
        return QgsSingleSymbolRenderer(fill("none", "#6a3d9a", 1.2))
    if name == "roads":
        return categorized("class", [("motorway", line("#e8554e", 3.5)), ("primary", line("#f6a65b", 2.8)),
                                     ("secondary", line("#fbe38e", 2)), ("track", line("#8c6d46", 1.2, True))])
    if name == "inspections":
        root = QgsRuleBasedRenderer.Rule(None)
        for label, expression, symbol in [("fail", "result = 'fail'", marker("#d7191c", 5)),
                                          ("conditional", "result = 'conditional'", marker("#fdae61", 4.5)),
                                          ("pass", "ELSE", marker("#1a9641", 4))]:
            root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, "" if expression == "ELSE" else expression,
                                                       label, "", expression == "ELSE"))
        return QgsRuleBasedRenderer(root)
    if name == "projects":  # ours: SVG icons; a plain marker of the same size here
        return QgsSingleSymbolRenderer(marker("#ff7f00", 16, "#333333", 1))
    if name == "towns":
        return QgsSingleSymbolRenderer(marker("#222222", 7, "#ffffff", 1.5))
    return QgsSingleSymbolRenderer(marker("#777777", 4))


LABELS = {"governorates": (13, "#3b3b3b"), "wilayat": (12, "#4a2a6a"), "roads": (11, "#4d3319"),
          "towns": (14, "#111111")}  # the layers our styles label, with their size (px) and colour


def labeling(name):
    size, color = LABELS[name]
    text = QgsTextFormat()
    text.setFont(QFont("Noto Sans Arabic"))
    text.setSize(size)
    text.setSizeUnit(QgsUnitTypes.RenderPixels)
    text.setColor(QColor(color))
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(2)
    halo.setSizeUnit(QgsUnitTypes.RenderPixels)
    halo.setColor(QColor("#ffffff"))
    text.setBuffer(halo)
    settings = QgsPalLayerSettings()
    settings.fieldName = "name_ar"
    settings.enabled = True
    settings.setFormat(text)
    if name == "roads":
        settings.placement = QgsPalLayerSettings.Curved
    elif name == "towns":
        settings.placement = QgsPalLayerSettings.AroundPoint
    else:
        settings.placement = QgsPalLayerSettings.OverPoint
    return QgsVectorLayerSimpleLabeling(settings)


def main():
    project_json, out = sys.argv[1], sys.argv[2]
    with open(project_json, encoding="utf-8") as f:
        spec = json.load(f)
    base = os.path.dirname(os.path.abspath(project_json))
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    project.setTitle(spec.get("title", "project"))
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    published = []
    for entry in spec["layers"]:
        if "layer" not in entry:  # a raster (the hillshade): the benchmark compares vector layers
            continue
        source = os.path.join(base, entry["source"])
        layer = QgsVectorLayer(f"{source}|layername={entry['layer']}", entry["name"], "ogr")
        if not layer.isValid():
            raise SystemExit(f"make_qgis_project.py: QGIS cannot open {source} layer {entry['layer']}")
        layer.setShortName(entry["name"])
        layer.setTitle(entry.get("title", entry["name"]))
        layer.setRenderer(renderer(entry["name"]))
        if entry["name"] in LABELS:
            layer.setLabeling(labeling(entry["name"]))
            layer.setLabelsEnabled(True)
        project.addMapLayer(layer)
        if entry.get("visible") is False:
            project.layerTreeRoot().findLayer(layer.id()).setItemVisibilityChecked(False)
        published.append(layer)
    ids = [layer.id() for layer in published]
    project.writeEntry("WMSServiceCapabilities", "/", True)
    project.writeEntry("WMSServiceTitle", "/", spec.get("title", "project"))
    project.writeEntry("WMSCrsList", "/", ["EPSG:4326", "EPSG:3857", "EPSG:32640", "CRS:84"])
    extent = QgsRectangle(51.5, 16.5, 60.0, 27.0)  # Oman, in EPSG:4326: what WMS advertises
    project.writeEntry("WMSExtent", "/", [str(v) for v in (extent.xMinimum(), extent.yMinimum(),
                                                            extent.xMaximum(), extent.yMaximum())])
    project.writeEntry("WMSUseLayerIDs", "/", False)
    project.writeEntry("WMSMaxWidth", "/", "4096")
    project.writeEntry("WMSMaxHeight", "/", "4096")
    project.writeEntry("WFSLayers", "/", ids)  # WFS and OGC API - Features (WFS3) publish these
    for layer_id in ids:
        project.writeEntry("WFSLayersPrecision", "/" + layer_id, 8)
    project.writeEntry("Paths", "/Absolute", False)
    if not project.write(out):
        raise SystemExit(f"make_qgis_project.py: cannot write {out}")
    # Deterministic bytes: layer ids made of the layer names (prefixed: QGIS 3.22 drops ids of 10 characters or
    # less when it reads a project); no save time, user or random ids.
    with open(out, encoding="utf-8") as f:
        text = f.read()
    for layer in published:
        text = text.replace(layer.id(), "dakhiliyah_" + layer.name())
    text = re.sub(r' saveDateTime="[^"]*"', "", text)
    text = re.sub(r' saveUser="[^"]*"', "", text)
    text = re.sub(r' saveUserFull="[^"]*"', "", text)
    text = re.sub(r"<creation>[^<]*</creation>", "<creation></creation>", text)
    text = re.sub(r'\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}', "{0}", text)
    text = re.sub(r"_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}", "", text)
    # The snapping settings come out in the order of a hash of the original ids: sort them.
    text = re.sub(r"(?:^ *<layer-setting [^\n]*\n)+",
                  lambda m: "".join(sorted(m.group(0).splitlines(keepends=True))), text, flags=re.M)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{out}: {len(published)} layers ({', '.join(l.name() for l in published)})")
    sys.stdout.flush()
    os._exit(0)  # exitQgis() crashes in a headless Python on Debian's 3.22 (bench_render_qgis.py)


if __name__ == "__main__":
    main()
