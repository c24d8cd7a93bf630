<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Export</name>
    <message>
        <source>%1: unknown format (use .png, .pdf or .svg)</source>
        <translation>%1: unknown format (use .png, .pdf or .svg)</translation>
    </message>
    <message>
        <source>Could not export the map: %1</source>
        <translation>Could not export the map: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>(deleted)</source>
        <translation>(deleted)</translation>
    </message>
    <message>
        <source>%1: %2 lines longer than %3 characters were skipped</source>
        <translation>%1: %2 lines longer than %3 characters were skipped</translation>
    </message>
    <message>
        <source>%1: only the first %2 services are listed</source>
        <translation>%1: only the first %2 services are listed</translation>
    </message>
    <message>
        <source>%1: larger than %2 bytes; only its beginning was read</source>
        <translation>%1: larger than %2 bytes; only its beginning was read</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 m²</source>
        <translation>%1 m²</translation>
    </message>
    <message>
        <source>%1 ha</source>
        <translation>%1 ha</translation>
    </message>
    <message>
        <source>%1 km²</source>
        <translation>%1 km²</translation>
    </message>
    <message>
        <source>%1 %2, %3 %4</source>
        <translation>%1 %2, %3 %4</translation>
    </message>
    <message>
        <source>%1° %2, %3° %4</source>
        <translation>%1° %2, %3° %4</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
</context>
<context>
    <name>viewer::ActionRegistry</name>
    <message>
        <source>&amp;New project</source>
        <translation>&amp;New project</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;Open project…</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>&amp;Save project</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Save project &amp;as…</translation>
    </message>
    <message>
        <source>&amp;Add layer…</source>
        <translation>&amp;Add layer…</translation>
    </message>
    <message>
        <source>&amp;Export map…</source>
        <translation>&amp;Export map…</translation>
    </message>
    <message>
        <source>Print &amp;layout…</source>
        <translation>Print &amp;layout…</translation>
    </message>
    <message>
        <source>Save selection as…</source>
        <translation>Save selection as…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>&amp;Full extent</source>
        <translation>&amp;Full extent</translation>
    </message>
    <message>
        <source>&amp;Previous extent</source>
        <translation>&amp;Previous extent</translation>
    </message>
    <message>
        <source>&amp;Next extent</source>
        <translation>&amp;Next extent</translation>
    </message>
    <message>
        <source>Zoom to &amp;layer</source>
        <translation>Zoom to &amp;layer</translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation>Zoom to &amp;selection</translation>
    </message>
    <message>
        <source>Pan to selection</source>
        <translation>Pan to selection</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Add bookmark…</source>
        <translation>&amp;Add bookmark…</translation>
    </message>
    <message>
        <source>&amp;Clear bookmarks</source>
        <translation>&amp;Clear bookmarks</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation>&amp;Pan</translation>
    </message>
    <message>
        <source>&amp;Identify features</source>
        <translation>&amp;Identify features</translation>
    </message>
    <message>
        <source>Select by &amp;click</source>
        <translation>Select by &amp;click</translation>
    </message>
    <message>
        <source>Select by &amp;rectangle</source>
        <translation>Select by &amp;rectangle</translation>
    </message>
    <message>
        <source>Select by &amp;polygon</source>
        <translation>Select by &amp;polygon</translation>
    </message>
    <message>
        <source>Measure &amp;distance</source>
        <translation>Measure &amp;distance</translation>
    </message>
    <message>
        <source>Measure &amp;area</source>
        <translation>Measure &amp;area</translation>
    </message>
    <message>
        <source>Select by &amp;expression…</source>
        <translation>Select by &amp;expression…</translation>
    </message>
    <message>
        <source>Select by &amp;location…</source>
        <translation>Select by &amp;location…</translation>
    </message>
    <message>
        <source>&amp;Clear selection</source>
        <translation>&amp;Clear selection</translation>
    </message>
    <message>
        <source>Open attribute &amp;table</source>
        <translation>Open attribute &amp;table</translation>
    </message>
    <message>
        <source>Layer &amp;style…</source>
        <translation>Layer &amp;style…</translation>
    </message>
    <message>
        <source>&amp;Remove layer</source>
        <translation>&amp;Remove layer</translation>
    </message>
    <message>
        <source>Locate &amp;file…</source>
        <translation>Locate &amp;file…</translation>
    </message>
    <message>
        <source>&amp;About Interior Explorer</source>
        <translation>&amp;About Interior Explorer</translation>
    </message>
    <message>
        <source>&amp;Edit layer</source>
        <translation>&amp;Edit layer</translation>
    </message>
    <message>
        <source>&amp;Save edits</source>
        <translation>&amp;Save edits</translation>
    </message>
    <message>
        <source>&amp;Undo edit</source>
        <translation>&amp;Undo edit</translation>
    </message>
    <message>
        <source>&amp;Redo edit</source>
        <translation>&amp;Redo edit</translation>
    </message>
    <message>
        <source>Add &amp;point</source>
        <translation>Add &amp;point</translation>
    </message>
    <message>
        <source>Add &amp;line</source>
        <translation>Add &amp;line</translation>
    </message>
    <message>
        <source>Add p&amp;olygon</source>
        <translation>Add p&amp;olygon</translation>
    </message>
    <message>
        <source>&amp;Move feature</source>
        <translation>&amp;Move feature</translation>
    </message>
    <message>
        <source>&amp;Vertex tool</source>
        <translation>&amp;Vertex tool</translation>
    </message>
    <message>
        <source>&amp;Delete selected features</source>
        <translation>&amp;Delete selected features</translation>
    </message>
    <message>
        <source>S&amp;nap to vertices and segments</source>
        <translation>S&amp;nap to vertices and segments</translation>
    </message>
    <message>
        <source>Add point at &amp;coordinates…</source>
        <translation>Add point at &amp;coordinates…</translation>
    </message>
    <message>
        <source>Add &amp;ring (hole)</source>
        <translation>Add &amp;ring (hole)</translation>
    </message>
    <message>
        <source>Add p&amp;art</source>
        <translation>Add p&amp;art</translation>
    </message>
    <message>
        <source>Delete ring or part</source>
        <translation>Delete ring or part</translation>
    </message>
    <message>
        <source>Snapping settings…</source>
        <translation>Snapping settings…</translation>
    </message>
    <message>
        <source>&amp;Copy features</source>
        <translation>&amp;Copy features</translation>
    </message>
    <message>
        <source>&amp;Paste features</source>
        <translation>&amp;Paste features</translation>
    </message>
    <message>
        <source>Add &amp;PostGIS layer…</source>
        <translation>Add &amp;PostGIS layer…</translation>
    </message>
</context>
<context>
    <name>viewer::AlgorithmForm</name>
    <message>
        <source>m</source>
        <translation>m</translation>
    </message>
    <message>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <source>px</source>
        <translation>px</translation>
    </message>
    <message>
        <source>degrees</source>
        <translation>degrees</translation>
    </message>
    <message>
        <source>Input layer</source>
        <translation>Input layer</translation>
    </message>
    <message>
        <source>Overlay layer</source>
        <translation>Overlay layer</translation>
    </message>
    <message>
        <source>Stop with an error naming the feature</source>
        <translation>Stop with an error naming the feature</translation>
    </message>
    <message>
        <source>Skip and report</source>
        <translation>Skip and report</translation>
    </message>
    <message>
        <source>Repair and report</source>
        <translation>Repair and report</translation>
    </message>
    <message>
        <source>What to do with a feature whose geometry is invalid</source>
        <translation>What to do with a feature whose geometry is invalid</translation>
    </message>
    <message>
        <source>Invalid geometries</source>
        <translation>Invalid geometries</translation>
    </message>
    <message>
        <source>A new layer in the map (or choose a file)</source>
        <translation>A new layer in the map (or choose a file)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Also save the result to a file</source>
        <translation>Also save the result to a file</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>e.g. population / 1000</source>
        <translation>e.g. population / 1000</translation>
    </message>
    <message>
        <source>An expression is required.</source>
        <translation>An expression is required.</translation>
    </message>
    <message>
        <source>Save the result as</source>
        <translation>Save the result as</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>The further layers to read with the input layer</source>
        <translation>The further layers to read with the input layer</translation>
    </message>
    <message>
        <source>Further layers</source>
        <translation>Further layers</translation>
    </message>
    <message>
        <source>Choose a raster file</source>
        <translation>Choose a raster file</translation>
    </message>
    <message>
        <source>Pick on map</source>
        <translation>Pick on map</translation>
    </message>
    <message>
        <source>Click on the map to take the point</source>
        <translation>Click on the map to take the point</translation>
    </message>
    <message>
        <source>A GeoTIFF file (.tif): required</source>
        <translation>A GeoTIFF file (.tif): required</translation>
    </message>
    <message>
        <source>x,y in the input layer&apos;s coordinates</source>
        <translation>x,y in the input layer&apos;s coordinates</translation>
    </message>
    <message>
        <source>Save the raster as</source>
        <translation>Save the raster as</translation>
    </message>
    <message>
        <source>GeoTIFF (*.tif *.tiff)</source>
        <translation>GeoTIFF (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>Choose a raster</source>
        <translation>Choose a raster</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.vrt *.img *.asc);;All files (*)</source>
        <translation>Rasters (*.tif *.tiff *.vrt *.img *.asc);;All files (*)</translation>
    </message>
    <message>
        <source>point layers</source>
        <translation>point layers</translation>
    </message>
    <message>
        <source>line layers</source>
        <translation>line layers</translation>
    </message>
    <message>
        <source>polygon layers</source>
        <translation>polygon layers</translation>
    </message>
    <message>
        <source>point or line layers</source>
        <translation>point or line layers</translation>
    </message>
    <message>
        <source>point or polygon layers</source>
        <translation>point or polygon layers</translation>
    </message>
    <message>
        <source>line or polygon layers</source>
        <translation>line or polygon layers</translation>
    </message>
    <message>
        <source>vector layers</source>
        <translation>vector layers</translation>
    </message>
    <message>
        <source>Input raster</source>
        <translation>Input raster</translation>
    </message>
    <message>
        <source>The raster the algorithm reads: a raster layer of the map, or a file</source>
        <translation>The raster the algorithm reads: a raster layer of the map, or a file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Only %1 are listed: %2 reads no other geometry.</source>
        <translation>Only %1 are listed: %2 reads no other geometry.</translation>
    </message>
    <message>
        <source>A GeoTIFF file (.tif); empty: not kept</source>
        <translation>A GeoTIFF file (.tif); empty: not kept</translation>
    </message>
    <message>
        <source>Written as a GeoTIFF and added to the map under the result layer</source>
        <translation>Written as a GeoTIFF and added to the map under the result layer</translation>
    </message>
    <message>
        <source>m²</source>
        <translation>m²</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>km/h</translation>
    </message>
    <message>
        <source>layer units</source>
        <translation>layer units</translation>
    </message>
</context>
<context>
    <name>viewer::AnalysisRunner</name>
    <message>
        <source>An analysis is already running; cancel it or wait for it to finish.</source>
        <translation>An analysis is already running; cancel it or wait for it to finish.</translation>
    </message>
    <message>
        <source>Unknown algorithm “%1”.</source>
        <translation>Unknown algorithm “%1”.</translation>
    </message>
    <message>
        <source>Choose an input vector layer.</source>
        <translation>Choose an input vector layer.</translation>
    </message>
    <message>
        <source>Choose an overlay vector layer.</source>
        <translation>Choose an overlay vector layer.</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>repaired</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>left out</translation>
    </message>
    <message>
        <source>Layer “%1”, feature %2: %3 (%4)</source>
        <translation>Layer “%1”, feature %2: %3 (%4)</translation>
    </message>
    <message>
        <source>%1 makes a raster: choose the GeoTIFF file to write it to.</source>
        <translation>%1 makes a raster: choose the GeoTIFF file to write it to.</translation>
    </message>
    <message>
        <source>A further layer is not a vector layer of the map any more; choose the layers again.</source>
        <translation>A further layer is not a vector layer of the map any more; choose the layers again.</translation>
    </message>
    <message>
        <source>Choose at least one further layer to merge with the input layer.</source>
        <translation>Choose at least one further layer to merge with the input layer.</translation>
    </message>
    <message>
        <source>The result is in the map, but the run could not be recorded in the project&apos;s history: %1</source>
        <translation>The result is in the map, but the run could not be recorded in the project&apos;s history: %1</translation>
    </message>
    <message>
        <source>Choose the input raster.</source>
        <translation>Choose the input raster.</translation>
    </message>
    <message>
        <source>Cut (lowered)</source>
        <translation>Cut (lowered)</translation>
    </message>
    <message>
        <source>Fill (raised)</source>
        <translation>Fill (raised)</translation>
    </message>
</context>
<context>
    <name>viewer::AttributePanel</name>
    <message>
        <source>Filter: an expression, e.g. population &gt; 10000 — press Enter</source>
        <translation>Filter: an expression, e.g. population &gt; 10000 — press Enter</translation>
    </message>
    <message>
        <source>Selected only</source>
        <translation>Selected only</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>Zoom to selection</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>Clear selection</translation>
    </message>
    <message>
        <source>No vector layer</source>
        <translation>No vector layer</translation>
    </message>
    <message>
        <source>%1 features, %2 shown, %3 selected</source>
        <translation>%1 features, %2 shown, %3 selected</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>Not changed: %1</translation>
    </message>
    <message>
        <source>“%1” is not a value for the field %2 (%3)</source>
        <translation>“%1” is not a value for the field %2 (%3)</translation>
    </message>
    <message>
        <source>Changed, with a warning: %1</source>
        <translation>Changed, with a warning: %1</translation>
    </message>
</context>
<context>
    <name>viewer::ConflictDialog</name>
    <message>
        <source>Edit conflicts</source>
        <translation>Edit conflicts</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>Your version</source>
        <translation>Your version</translation>
    </message>
    <message>
        <source>Their version</source>
        <translation>Their version</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Keep theirs</translation>
    </message>
    <message>
        <source>Save with these choices</source>
        <translation>Save with these choices</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Someone else changed these features after you started editing them. Nothing has been saved: choose which version to keep for each, or merge them field by field, then the edits are saved.</source>
        <translation>Someone else changed these features after you started editing them. Nothing has been saved: choose which version to keep for each, or merge them field by field, then the edits are saved.</translation>
    </message>
    <message>
        <source>Merge field by field</source>
        <translation>Merge field by field</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>Your value</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation>Their value</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Take</translation>
    </message>
    <message>
        <source>Feature %1 was deleted in one version: keep mine or keep theirs.</source>
        <translation>Feature %1 was deleted in one version: keep mine or keep theirs.</translation>
    </message>
    <message>
        <source>Feature %1, field by field: choose the value to keep for each difference.</source>
        <translation>Feature %1, field by field: choose the value to keep for each difference.</translation>
    </message>
    <message>
        <source>Feature %1: its differences (choose &quot;Merge field by field&quot; to pick them one by one).</source>
        <translation>Feature %1: its differences (choose &quot;Merge field by field&quot; to pick them one by one).</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Theirs</translation>
    </message>
    <message>
        <source>(geometry)</source>
        <translation>(geometry)</translation>
    </message>
</context>
<context>
    <name>viewer::CoordinateDialog</name>
    <message>
        <source>Add point at coordinates</source>
        <translation>Add point at coordinates</translation>
    </message>
    <message>
        <source>Longitude / latitude (decimal degrees)</source>
        <translation>Longitude / latitude (decimal degrees)</translation>
    </message>
    <message>
        <source>Longitude / latitude (degrees, minutes, seconds)</source>
        <translation>Longitude / latitude (degrees, minutes, seconds)</translation>
    </message>
    <message>
        <source>UTM zone 40N (metres)</source>
        <translation>UTM zone 40N (metres)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Add point</source>
        <translation>Add point</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Easting (m)</source>
        <translation>Easting (m)</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Northing (m)</source>
        <translation>Northing (m)</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Type the easting and northing in metres.</source>
        <translation>Type the easting and northing in metres.</translation>
    </message>
    <message>
        <source>Type a longitude (−180…180) and a latitude (−90…90).</source>
        <translation>Type a longitude (−180…180) and a latitude (−90…90).</translation>
    </message>
    <message>
        <source>This position cannot be shown on the map: %1</source>
        <translation>This position cannot be shown on the map: %1</translation>
    </message>
</context>
<context>
    <name>viewer::DigitizeTool</name>
    <message>
        <source>Perimeter %1 · Area %2</source>
        <translation>Perimeter %1 · Area %2</translation>
    </message>
    <message>
        <source>Length %1</source>
        <translation>Length %1</translation>
    </message>
</context>
<context>
    <name>viewer::ExportDialog</name>
    <message>
        <source>Export map</source>
        <translation>Export map</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>File (.png, .pdf, .svg)</source>
        <translation>File (.png, .pdf, .svg)</translation>
    </message>
    <message>
        <source>Width (pixels)</source>
        <translation>Width (pixels)</translation>
    </message>
    <message>
        <source>Height (pixels)</source>
        <translation>Height (pixels)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>Resolution (DPI)</translation>
    </message>
</context>
<context>
    <name>viewer::FeatureFormDialog</name>
    <message>
        <source>Feature attributes</source>
        <translation>Feature attributes</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
</context>
<context>
    <name>viewer::FlightPanel</name>
    <message>
        <source>Project %1 (%2)</source>
        <translation>Project %1 (%2)</translation>
    </message>
    <message>
        <source>%1 cm/pixel</source>
        <translation>%1 cm/pixel</translation>
    </message>
    <message>
        <source>No flight</source>
        <translation>No flight</translation>
    </message>
    <message>
        <source>Construction project:</source>
        <translation>Construction project:</translation>
    </message>
    <message>
        <source>Show the DSM instead of the orthophoto</source>
        <translation>Show the DSM instead of the orthophoto</translation>
    </message>
    <message>
        <source>Swipe with the earlier flight</source>
        <translation>Swipe with the earlier flight</translation>
    </message>
    <message>
        <source>Side by side with the earlier flight</source>
        <translation>Side by side with the earlier flight</translation>
    </message>
    <message>
        <source>Step through the flights by date</source>
        <translation>Step through the flights by date</translation>
    </message>
</context>
<context>
    <name>viewer::FlightStack</name>
    <message>
        <source>Flight %1: %2 is outside the folder of the flights&apos; GeoPackage and was not read</source>
        <translation>Flight %1: %2 is outside the folder of the flights&apos; GeoPackage and was not read</translation>
    </message>
    <message>
        <source>Flight %1: %2 could not be read as a raster</source>
        <translation>Flight %1: %2 could not be read as a raster</translation>
    </message>
    <message>
        <source>Flight %1: %2 is missing or is not a local file; it was not read</source>
        <translation>Flight %1: %2 is missing or is not a local file; it was not read</translation>
    </message>
</context>
<context>
    <name>viewer::HistoryPanel</name>
    <message>
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Failed.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>Done: “%1” added to the map, recorded as %2.</source>
        <translation>Done: “%1” added to the map, recorded as %2.</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <source>Finished (UTC)</source>
        <translation>Finished (UTC)</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Output</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Run again</translation>
    </message>
    <message>
        <source>Run the selected record again with its algorithm, parameters and inputs; the result is a new layer</source>
        <translation>Run the selected record again with its algorithm, parameters and inputs; the result is a new layer</translation>
    </message>
    <message>
        <source>(again: %1)</source>
        <translation>(again: %1)</translation>
    </message>
    <message>
        <source>in memory</source>
        <translation>in memory</translation>
    </message>
    <message>
        <source>No analysis has been recorded in this project yet.</source>
        <translation>No analysis has been recorded in this project yet.</translation>
    </message>
    <message>
        <source>The project&apos;s history has no record “%1”.</source>
        <translation>The project&apos;s history has no record “%1”.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: this version has no algorithm “%2”.</source>
        <translation>Cannot run %1 again: this version has no algorithm “%2”.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: %2</source>
        <translation>Cannot run %1 again: %2</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 was a layer made in memory, which was not saved in a file.</source>
        <translation>Cannot run %1 again: its %2 was a layer made in memory, which was not saved in a file.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 %3 is %4. A re-run reads the very inputs the run read.</source>
        <translation>Cannot run %1 again: its %2 %3 is %4. A re-run reads the very inputs the run read.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 %3 is not a layer of the map; add it, then run again.</source>
        <translation>Cannot run %1 again: its %2 %3 is not a layer of the map; add it, then run again.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: it names more inputs than %2 reads.</source>
        <translation>Cannot run %1 again: it names more inputs than %2 reads.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: the record names no input layer.</source>
        <translation>Cannot run %1 again: the record names no input layer.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: the record names no output file, and a raster needs one.</source>
        <translation>Cannot run %1 again: the record names no output file, and a raster needs one.</translation>
    </message>
    <message>
        <source>input</source>
        <translation>input</translation>
    </message>
    <message>
        <source>overlay</source>
        <translation>overlay</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>raster</translation>
    </message>
</context>
<context>
    <name>viewer::IdentifyPanel</name>
    <message>
        <source>Current layer</source>
        <translation>Current layer</translation>
    </message>
    <message>
        <source>All visible layers</source>
        <translation>All visible layers</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>No feature here</source>
        <translation>No feature here</translation>
    </message>
    <message>
        <source>feature %1</source>
        <translation>feature %1</translation>
    </message>
</context>
<context>
    <name>viewer::LayerPanel</name>
    <message>
        <source>%1 features skipped: %2</source>
        <translation>%1 features skipped: %2</translation>
    </message>
    <message>
        <source>%1 features without their geometry (unreadable): %2</source>
        <translation>%1 features without their geometry (unreadable): %2</translation>
    </message>
    <message>
        <source>%1 features repaired: %2</source>
        <translation>%1 features repaired: %2</translation>
    </message>
    <message>
        <source>%1 features missing: the file ends early</source>
        <translation>%1 features missing: the file ends early</translation>
    </message>
    <message>
        <source>Read with problems: %1</source>
        <translation>Read with problems: %1</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>Remove layer</translation>
    </message>
    <message>
        <source>Layer style…</source>
        <translation>Layer style…</translation>
    </message>
    <message>
        <source>Locate file…</source>
        <translation>Locate file…</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>Unavailable: %1</translation>
    </message>
    <message>
        <source>Use “Locate file…” to point it at the file.</source>
        <translation>Use “Locate file…” to point it at the file.</translation>
    </message>
    <message>
        <source>%1
%2 features</source>
        <translation>%1
%2 features</translation>
    </message>
    <message>
        <source>Open attribute table</source>
        <translation>Open attribute table</translation>
    </message>
    <message>
        <source>In edit mode, with edits not saved (Ctrl+S saves them)</source>
        <translation>In edit mode, with edits not saved (Ctrl+S saves them)</translation>
    </message>
    <message>
        <source>In edit mode</source>
        <translation>In edit mode</translation>
    </message>
    <message>
        <source>Edit layer</source>
        <translation>Edit layer</translation>
    </message>
    <message>
        <source>Correct its style, then open the project again.</source>
        <translation>Correct its style, then open the project again.</translation>
    </message>
</context>
<context>
    <name>viewer::MainWindow</name>
    <message>
        <source>Untitled project</source>
        <translation>Untitled project</translation>
    </message>
    <message>
        <source>Save the changes to “%1”?</source>
        <translation>Save the changes to “%1”?</translation>
    </message>
    <message>
        <source>The changes to styles and layers are lost if you do not save them.</source>
        <translation>The changes to styles and layers are lost if you do not save them.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Don’t save</source>
        <translation>Don’t save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Recent &amp;projects</source>
        <translation>Recent &amp;projects</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>&amp;Bookmarks</translation>
    </message>
    <message>
        <source>P&amp;anels</source>
        <translation>P&amp;anels</translation>
    </message>
    <message>
        <source>&amp;Layer</source>
        <translation>&amp;Layer</translation>
    </message>
    <message>
        <source>&amp;Selection</source>
        <translation>&amp;Selection</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>Attribute table</translation>
    </message>
    <message>
        <source>Identify results</source>
        <translation>Identify results</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Geographic data (*.gpkg *.geojson *.json *.shp *.csv *.kml *.gml *.fgb *.tif *.tiff *.vrt *.asc);;All files (*)</source>
        <translation>Geographic data (*.gpkg *.geojson *.json *.shp *.csv *.kml *.gml *.fgb *.tif *.tiff *.vrt *.asc);;All files (*)</translation>
    </message>
    <message>
        <source>Add bookmark</source>
        <translation>Add bookmark</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Bookmark %1</source>
        <translation>Bookmark %1</translation>
    </message>
    <message>
        <source>About Interior Explorer</source>
        <translation>About Interior Explorer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Interior Explorer — مستكشف الداخلية&lt;/h3&gt;&lt;p&gt;The integrated geographic database of Ad Dakhiliyah Governorate, Sultanate of Oman.&lt;/p&gt;&lt;p&gt;Built on libgis (GDAL, PROJ, GEOS) and Qt %1.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Interior Explorer — مستكشف الداخلية&lt;/h3&gt;&lt;p&gt;The integrated geographic database of Ad Dakhiliyah Governorate, Sultanate of Oman.&lt;/p&gt;&lt;p&gt;Built on libgis (GDAL, PROJ, GEOS) and Qt %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1: %2 features selected</source>
        <translation>%1: %2 features selected</translation>
    </message>
    <message>
        <source>Interior Explorer</source>
        <translation>Interior Explorer</translation>
    </message>
    <message>
        <source>Could not open the project:
%1</source>
        <translation>Could not open the project:
%1</translation>
    </message>
    <message>
        <source>Unavailable layers: %1 — use “Locate file…” in the Layers panel</source>
        <translation>Unavailable layers: %1 — use “Locate file…” in the Layers panel</translation>
    </message>
    <message>
        <source>Could not save the project:
%1</source>
        <translation>Could not save the project:
%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Could not add %1:
%2</source>
        <translation>Could not add %1:
%2</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>the file</translation>
    </message>
    <message>
        <source>some files</source>
        <translation>some files</translation>
    </message>
    <message>
        <source>Could not read the file:
%1</source>
        <translation>Could not read the file:
%1</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <source>Projects (*.json)</source>
        <translation>Projects (*.json)</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Save project</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>Add layer</translation>
    </message>
    <message>
        <source>Locate file for “%1”</source>
        <translation>Locate file for “%1”</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>Exported %1</translation>
    </message>
    <message>
        <source>Choose a vector layer in the Layers panel first.</source>
        <translation>Choose a vector layer in the Layers panel first.</translation>
    </message>
    <message>
        <source>%1 is read by this project (%2): it is never replaced. Save the selection as a new layer or to another file.</source>
        <translation>%1 is read by this project (%2): it is never replaced. Save the selection as a new layer or to another file.</translation>
    </message>
    <message>
        <source>The project %1 names files outside its folder:

%2

Allow this project to read files in these folders?

%3

Only allow folders whose files you trust.</source>
        <translation>The project %1 names files outside its folder:

%2

Allow this project to read files in these folders?

%3

Only allow folders whose files you trust.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Edit toolbar</source>
        <translation>Edit toolbar</translation>
    </message>
    <message>
        <source>%1 unsaved edits to %2 from %3</source>
        <translation>%1 unsaved edits to %2 from %3</translation>
    </message>
    <message>
        <source>They were kept when the program stopped before they were saved. Recover them to go on editing, or discard them for good.</source>
        <translation>They were kept when the program stopped before they were saved. Recover them to go on editing, or discard them for good.</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>Recover</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Cannot edit %1: %2</source>
        <translation>Cannot edit %1: %2</translation>
    </message>
    <message>
        <source>Editing %1: add features with the tools of the edit toolbar; Ctrl+S saves</source>
        <translation>Editing %1: add features with the tools of the edit toolbar; Ctrl+S saves</translation>
    </message>
    <message>
        <source>The edits were not saved: %1</source>
        <translation>The edits were not saved: %1</translation>
    </message>
    <message>
        <source>The edits were not saved (they are kept): %1</source>
        <translation>The edits were not saved (they are kept): %1</translation>
    </message>
    <message>
        <source>Edits saved</source>
        <translation>Edits saved</translation>
    </message>
    <message>
        <source>Save the edits to %1?</source>
        <translation>Save the edits to %1?</translation>
    </message>
    <message>
        <source>The features you added, changed or deleted are lost if you do not save them.</source>
        <translation>The features you added, changed or deleted are lost if you do not save them.</translation>
    </message>
    <message>
        <source>Self-intersection</source>
        <translation>Self-intersection</translation>
    </message>
    <message>
        <source>Ring Self-intersection</source>
        <translation>Ring Self-intersection</translation>
    </message>
    <message>
        <source>Hole lies outside shell</source>
        <translation>Hole lies outside shell</translation>
    </message>
    <message>
        <source>Holes are nested</source>
        <translation>Holes are nested</translation>
    </message>
    <message>
        <source>Interior is disconnected</source>
        <translation>Interior is disconnected</translation>
    </message>
    <message>
        <source>Nested shells</source>
        <translation>Nested shells</translation>
    </message>
    <message>
        <source>Duplicate Rings</source>
        <translation>Duplicate Rings</translation>
    </message>
    <message>
        <source>Too few distinct points in geometry component</source>
        <translation>Too few distinct points in geometry component</translation>
    </message>
    <message>
        <source>Invalid Coordinate</source>
        <translation>Invalid Coordinate</translation>
    </message>
    <message>
        <source>Ring is not closed</source>
        <translation>Ring is not closed</translation>
    </message>
    <message>
        <source>An invalid polygon gives wrong areas and breaks spatial queries. Fix it (the shape is repaired, keeping every area it encloses), keep it as drawn, or cancel this edit.</source>
        <translation>An invalid polygon gives wrong areas and breaks spatial queries. Fix it (the shape is repaired, keeping every area it encloses), keep it as drawn, or cancel this edit.</translation>
    </message>
    <message>
        <source>Fix (make valid)</source>
        <translation>Fix (make valid)</translation>
    </message>
    <message>
        <source>Keep as drawn</source>
        <translation>Keep as drawn</translation>
    </message>
    <message>
        <source>The polygon is not valid: %1</source>
        <translation>The polygon is not valid: %1</translation>
    </message>
    <message>
        <source>Select the features of %1 to copy first</source>
        <translation>Select the features of %1 to copy first</translation>
    </message>
    <message>
        <source>Features copied from %1: %2</source>
        <translation>Features copied from %1: %2</translation>
    </message>
    <message>
        <source>Turn on edit mode of %1 to paste features into it</source>
        <translation>Turn on edit mode of %1 to paste features into it</translation>
    </message>
    <message>
        <source>Nothing is copied: select features and copy them (Ctrl+C) first</source>
        <translation>Nothing is copied: select features and copy them (Ctrl+C) first</translation>
    </message>
    <message>
        <source>The features copied from %1 (%2) cannot be pasted into %3 (%4): the geometry types differ</source>
        <translation>The features copied from %1 (%2) cannot be pasted into %3 (%4): the geometry types differ</translation>
    </message>
    <message>
        <source>Features copied from %1 have several parts, and %2 stores single geometries (%3)</source>
        <translation>Features copied from %1 have several parts, and %2 stores single geometries (%3)</translation>
    </message>
    <message>
        <source>Features pasted into %1: %2</source>
        <translation>Features pasted into %1: %2</translation>
    </message>
    <message>
        <source>Could not paste into %1: %2</source>
        <translation>Could not paste into %1: %2</translation>
    </message>
    <message>
        <source>Inspector name</source>
        <translation>Inspector name</translation>
    </message>
    <message>
        <source>The name forms fill in as the inspector of a new feature:</source>
        <translation>The name forms fill in as the inspector of a new feature:</translation>
    </message>
    <message>
        <source>Inspector name…</source>
        <translation>Inspector name…</translation>
    </message>
    <message>
        <source>The form of this layer cannot be shown: %1</source>
        <translation>The form of this layer cannot be shown: %1</translation>
    </message>
    <message>
        <source>A&amp;nalysis</source>
        <translation>A&amp;nalysis</translation>
    </message>
    <message>
        <source>Toolbox…</source>
        <translation>Toolbox…</translation>
    </message>
    <message>
        <source>Analysis toolbox</source>
        <translation>Analysis toolbox</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>History…</translation>
    </message>
    <message>
        <source>Analysis history</source>
        <translation>Analysis history</translation>
    </message>
    <message>
        <source>Add PostGIS layer</source>
        <translation>Add PostGIS layer</translation>
    </message>
    <message>
        <source>A project cannot save this connection: %1.

Only a service of your pg_service.conf can be saved in a project. Keep the layers in the map without saving them in the project?</source>
        <translation>A project cannot save this connection: %1.

Only a service of your pg_service.conf can be saved in a project. Keep the layers in the map without saving them in the project?</translation>
    </message>
    <message>
        <source>Keep unsaved</source>
        <translation>Keep unsaved</translation>
    </message>
    <message>
        <source>Could not add “%1” from %2: %3</source>
        <translation>Could not add “%1” from %2: %3</translation>
    </message>
    <message>
        <source>Drone flights</source>
        <translation>Drone flights</translation>
    </message>
    <message>
        <source>Layers whose style cannot be used: %1 — correct the style (its tooltip in the Layers panel says where) and open the project again</source>
        <translation>Layers whose style cannot be used: %1 — correct the style (its tooltip in the Layers panel says where) and open the project again</translation>
    </message>
</context>
<context>
    <name>viewer::MapDocument</name>
    <message>
        <source>%1: zoom in to see its features (about %2 in this view)</source>
        <translation>%1: zoom in to see its features (about %2 in this view)</translation>
    </message>
    <message>
        <source>%1: could not read this view: %2</source>
        <translation>%1: could not read this view: %2</translation>
    </message>
</context>
<context>
    <name>viewer::MapTools</name>
    <message>
        <source>Choose a vector layer in the Layers panel first.</source>
        <translation>Choose a vector layer in the Layers panel first.</translation>
    </message>
</context>
<context>
    <name>viewer::MeasurePanel</name>
    <message>
        <source>Click to add points; double-click or right-click to finish. Distances and areas are geodesic (WGS 84 ellipsoid).</source>
        <translation>Click to add points; double-click or right-click to finish. Distances and areas are geodesic (WGS 84 ellipsoid).</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>No measurement yet</source>
        <translation>No measurement yet</translation>
    </message>
    <message>
        <source>Area: %1</source>
        <translation>Area: %1</translation>
    </message>
    <message>
        <source>Perimeter: %1</source>
        <translation>Perimeter: %1</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <source>Last segment: %1</source>
        <translation>Last segment: %1</translation>
    </message>
</context>
<context>
    <name>viewer::PgChangeWatcher</name>
    <message>
        <source>Changes by colleagues to layer “%1” will not be shown: %2</source>
        <translation>Changes by colleagues to layer “%1” will not be shown: %2</translation>
    </message>
    <message>
        <source>Layer “%1”: a colleague&apos;s change could not be read: %2</source>
        <translation>Layer “%1”: a colleague&apos;s change could not be read: %2</translation>
    </message>
</context>
<context>
    <name>viewer::PhotoField</name>
    <message>
        <source>Add photo…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <source>The photos cannot be read: %1</source>
        <translation>The photos cannot be read: %1</translation>
    </message>
    <message>
        <source>Taken %1</source>
        <translation>Taken %1</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>No photos</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff *.bmp *.gif);;All files (*)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff *.bmp *.gif);;All files (*)</translation>
    </message>
    <message>
        <source>%1: %2 is more than the %3 a photo may have</source>
        <translation>%1: %2 is more than the %3 a photo may have</translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation>%1: cannot be read: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Not removed: %1</translation>
    </message>
</context>
<context>
    <name>viewer::PostgisDialog</name>
    <message>
        <source>Service (pg_service.conf)</source>
        <translation>Service (pg_service.conf)</translation>
    </message>
    <message>
        <source>Or connection string</source>
        <translation>Or connection string</translation>
    </message>
    <message>
        <source>Add PostGIS layer</source>
        <translation>Add PostGIS layer</translation>
    </message>
    <message>
        <source>host=… dbname=… (not saved in a project)</source>
        <translation>host=… dbname=… (not saved in a project)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Connect</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>Geometry</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>CRS</translation>
    </message>
    <message>
        <source>Features (estimated)</source>
        <translation>Features (estimated)</translation>
    </message>
    <message>
        <source>Choose a service or type a connection string.</source>
        <translation>Choose a service or type a connection string.</translation>
    </message>
    <message>
        <source>unknown (not analysed)</source>
        <translation>unknown (not analysed)</translation>
    </message>
    <message>
        <source>%1: %2 tables with geometry</source>
        <translation>%1: %2 tables with geometry</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutAtlasDialog</name>
    <message>
        <source>Atlas</source>
        <translation>Atlas</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG images (*.png);;SVG drawings (*.svg)</source>
        <translation>PDF document (*.pdf);;PNG images (*.png);;SVG drawings (*.svg)</translation>
    </message>
    <message>
        <source>%1: the atlas must end in .pdf, .png or .svg</source>
        <translation>%1: the atlas must end in .pdf, .png or .svg</translation>
    </message>
    <message>
        <source>Could not make the atlas pages:
%1</source>
        <translation>Could not make the atlas pages:
%1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>Exporting %1 pages…</source>
        <translation>Exporting %1 pages…</translation>
    </message>
    <message>
        <source>The atlas failed.</source>
        <translation>The atlas failed.</translation>
    </message>
    <message>
        <source>Could not export the atlas to %1:
%2</source>
        <translation>Could not export the atlas to %1:
%2</translation>
    </message>
    <message>
        <source>Cancelled: %1 was not written.</source>
        <translation>Cancelled: %1 was not written.</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 pages.</source>
        <translation>Cancelled after %1 of %2 pages.</translation>
    </message>
    <message>
        <source>Wrote %1 (%2 pages).</source>
        <translation>Wrote %1 (%2 pages).</translation>
    </message>
    <message>
        <source>Wrote %1 files: %2 …</source>
        <translation>Wrote %1 files: %2 …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>One page per feature of</source>
        <translation>One page per feature of</translation>
    </message>
    <message>
        <source>Page title (field or expression)</source>
        <translation>Page title (field or expression)</translation>
    </message>
    <message>
        <source>File (.pdf, .png, .svg)</source>
        <translation>File (.pdf, .png, .svg)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>Resolution (DPI)</translation>
    </message>
    <message>
        <source>A PDF holds every page; PNG and SVG give one file per page (name-001.png, name-002.png, …).</source>
        <translation>A PDF holds every page; PNG and SVG give one file per page (name-001.png, name-002.png, …).</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Export atlas</source>
        <translation>Export atlas</translation>
    </message>
    <message>
        <source>A field name, or an expression such as name_en || &apos; (&apos; || name_ar || &apos;)&apos;</source>
        <translation>A field name, or an expression such as name_en || &apos; (&apos; || name_ar || &apos;)&apos;</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutExportDialog</name>
    <message>
        <source>Export layout</source>
        <translation>Export layout</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>World file and CRS beside the PNG (georeferenced image)</source>
        <translation>World file and CRS beside the PNG (georeferenced image)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PDF document (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>File (.pdf, .png, .svg)</source>
        <translation>File (.pdf, .png, .svg)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>Resolution (DPI)</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutPreview</name>
    <message>
        <source>Rendering…</source>
        <translation>Rendering…</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutWindow</name>
    <message>
        <source>Print layout</source>
        <translation>Print layout</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>Subtitle</translation>
    </message>
    <message>
        <source>Map extent</source>
        <translation>Map extent</translation>
    </message>
    <message>
        <source>The project&apos;s extent</source>
        <translation>The project&apos;s extent</translation>
    </message>
    <message>
        <source>The current map view</source>
        <translation>The current map view</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Fixed</translation>
    </message>
    <message>
        <source>Show on the page</source>
        <translation>Show on the page</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Atlas…</source>
        <translation>Atlas…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The page as it will be exported</source>
        <translation>The page as it will be exported</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>Arabic</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>landscape</source>
        <translation>landscape</translation>
    </message>
    <message>
        <source>portrait</source>
        <translation>portrait</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>Other…</translation>
    </message>
    <message>
        <source>Layout template</source>
        <translation>Layout template</translation>
    </message>
    <message>
        <source>Layout templates (*.json)</source>
        <translation>Layout templates (*.json)</translation>
    </message>
    <message>
        <source>Could not read the layout template:
%1</source>
        <translation>Could not read the layout template:
%1</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>Title and subtitle</source>
        <translation>Title and subtitle</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>Scale bar</source>
        <translation>Scale bar</translation>
    </message>
    <message>
        <source>North arrow</source>
        <translation>North arrow</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Locator map</source>
        <translation>Locator map</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Could not export the layout to %1:
%2</source>
        <translation>Could not export the layout to %1:
%2</translation>
    </message>
    <message>
        <source>%1 was written without some layers:
%2</source>
        <translation>%1 was written without some layers:
%2</translation>
    </message>
</context>
<context>
    <name>viewer::QueryBuilderDialog</name>
    <message>
        <source>Select by expression — %1</source>
        <translation>Select by expression — %1</translation>
    </message>
    <message>
        <source>e.g. name_en = &apos;Nizwa&apos; or population &gt; 10000</source>
        <translation>e.g. name_en = &apos;Nizwa&apos; or population &gt; 10000</translation>
    </message>
    <message>
        <source>Add to the current selection</source>
        <translation>Add to the current selection</translation>
    </message>
    <message>
        <source>Sample values</source>
        <translation>Sample values</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Values</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>Expression</translation>
    </message>
    <message>
        <source>Type an expression; double-click a field or a value to insert it.</source>
        <translation>Type an expression; double-click a field or a value to insert it.</translation>
    </message>
    <message>
        <source>%1 of %2 features match</source>
        <translation>%1 of %2 features match</translation>
    </message>
</context>
<context>
    <name>viewer::SaveIntoGeoPackageDialog</name>
    <message>
        <source>Save into an existing GeoPackage</source>
        <translation>Save into an existing GeoPackage</translation>
    </message>
    <message>
        <source>%1 already exists. Layers in it: %2.</source>
        <translation>%1 already exists. Layers in it: %2.</translation>
    </message>
    <message>
        <source>Add the selection as a new layer (nothing in the file is lost)</source>
        <translation>Add the selection as a new layer (nothing in the file is lost)</translation>
    </message>
    <message>
        <source>Replace the whole file: replaces %1 layer(s)</source>
        <translation>Replace the whole file: replaces %1 layer(s)</translation>
    </message>
    <message>
        <source>Layer name:</source>
        <translation>Layer name:</translation>
    </message>
    <message>
        <source>This file is read by the open project: its layers are never replaced.</source>
        <translation>This file is read by the open project: its layers are never replaced.</translation>
    </message>
    <message>
        <source>Replace layer “%1”</source>
        <translation>Replace layer “%1”</translation>
    </message>
    <message>
        <source>replaces its %1 feature(s)</source>
        <translation>replaces its %1 feature(s)</translation>
    </message>
    <message>
        <source>(the file has no layer of that name)</source>
        <translation>(the file has no layer of that name)</translation>
    </message>
</context>
<context>
    <name>viewer::SelectByLocationDialog</name>
    <message>
        <source>Select by location</source>
        <translation>Select by location</translation>
    </message>
    <message>
        <source>intersect</source>
        <translation>intersect</translation>
    </message>
    <message>
        <source>are within</source>
        <translation>are within</translation>
    </message>
    <message>
        <source>contain</source>
        <translation>contain</translation>
    </message>
    <message>
        <source>touch</source>
        <translation>touch</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>cross</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>overlap</translation>
    </message>
    <message>
        <source>are disjoint from</source>
        <translation>are disjoint from</translation>
    </message>
    <message>
        <source>Only the selected features of that layer</source>
        <translation>Only the selected features of that layer</translation>
    </message>
    <message>
        <source>Add to the current selection</source>
        <translation>Add to the current selection</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>Select features of</source>
        <translation>Select features of</translation>
    </message>
    <message>
        <source>that</source>
        <translation>that</translation>
    </message>
    <message>
        <source>the features of</source>
        <translation>the features of</translation>
    </message>
</context>
<context>
    <name>viewer::SelectionSaver</name>
    <message>
        <source>Could not save the selection:
%1</source>
        <translation>Could not save the selection:
%1</translation>
    </message>
    <message>
        <source>Select features of a vector layer first.</source>
        <translation>Select features of a vector layer first.</translation>
    </message>
    <message>
        <source>Saved %1 features to %2</source>
        <translation>Saved %1 features to %2</translation>
    </message>
    <message>
        <source>Saved %1 features to layer “%2” of %3</source>
        <translation>Saved %1 features to layer “%2” of %3</translation>
    </message>
    <message>
        <source>Save selection as</source>
        <translation>Save selection as</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 exists. Replace it? Everything it holds now is lost.</source>
        <translation>%1 exists. Replace it? Everything it holds now is lost.</translation>
    </message>
    <message>
        <source>The selection holds features you added or changed and have not saved yet. Save your edits first (Ctrl+S), then save the selection.</source>
        <translation>The selection holds features you added or changed and have not saved yet. Save your edits first (Ctrl+S), then save the selection.</translation>
    </message>
</context>
<context>
    <name>viewer::SnappingDialog</name>
    <message>
        <source>Snapping settings</source>
        <translation>Snapping settings</translation>
    </message>
    <message>
        <source>Points you click while editing snap to the vertices and segments of the layers ticked here, in edit mode or not, when the mouse is within the tolerance.</source>
        <translation>Points you click while editing snap to the vertices and segments of the layers ticked here, in edit mode or not, when the mouse is within the tolerance.</translation>
    </message>
    <message>
        <source>Layers to snap to:</source>
        <translation>Layers to snap to:</translation>
    </message>
    <message>
        <source>%1 (hidden: does not snap)</source>
        <translation>%1 (hidden: does not snap)</translation>
    </message>
    <message>
        <source>%1 (in edit mode)</source>
        <translation>%1 (in edit mode)</translation>
    </message>
    <message>
        <source>Vertices</source>
        <translation>Vertices</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segments</translation>
    </message>
    <message>
        <source>Vertices and segments</source>
        <translation>Vertices and segments</translation>
    </message>
    <message>
        <source>Snap to:</source>
        <translation>Snap to:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Tolerance:</source>
        <translation>Tolerance:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>viewer::StatusBar</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>CRS</translation>
    </message>
    <message>
        <source>Type a scale such as 1:50000 and press Enter</source>
        <translation>Type a scale such as 1:50000 and press Enter</translation>
    </message>
    <message>
        <source>Map coordinate reference system</source>
        <translation>Map coordinate reference system</translation>
    </message>
    <message>
        <source>Move the mouse over the map</source>
        <translation>Move the mouse over the map</translation>
    </message>
    <message>
        <source>UTM %1N: %2 E, %3 N</source>
        <translation>UTM %1N: %2 E, %3 N</translation>
    </message>
</context>
<context>
    <name>viewer::StyleEditorDialog</name>
    <message>
        <source>Layer style — %1</source>
        <translation>Layer style — %1</translation>
    </message>
    <message>
        <source>Single symbol</source>
        <translation>Single symbol</translation>
    </message>
    <message>
        <source>Categorized</source>
        <translation>Categorized</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>Graduated</translation>
    </message>
    <message>
        <source>Rule-based</source>
        <translation>Rule-based</translation>
    </message>
    <message>
        <source>Equal interval</source>
        <translation>Equal interval</translation>
    </message>
    <message>
        <source>Quantile</source>
        <translation>Quantile</translation>
    </message>
    <message>
        <source>Natural breaks (Jenks)</source>
        <translation>Natural breaks (Jenks)</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>Classify</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>Remove rule</translation>
    </message>
    <message>
        <source>Renderer</source>
        <translation>Renderer</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Colour ramp</source>
        <translation>Colour ramp</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Classes</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Fill</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Outline</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>Symbology</translation>
    </message>
    <message>
        <source>Show labels</source>
        <translation>Show labels</translation>
    </message>
    <message>
        <source>Text (field or expression)</source>
        <translation>Text (field or expression)</translation>
    </message>
    <message>
        <source>Second line</source>
        <translation>Second line</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Load style…</source>
        <translation>Load style…</translation>
    </message>
    <message>
        <source>Save style…</source>
        <translation>Save style…</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>New rule</translation>
    </message>
    <message>
        <source>Load style</source>
        <translation>Load style</translation>
    </message>
    <message>
        <source>Style files (*.json)</source>
        <translation>Style files (*.json)</translation>
    </message>
    <message>
        <source>Save style</source>
        <translation>Save style</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>Circle</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>Square</translation>
    </message>
    <message>
        <source>Triangle</source>
        <translation>Triangle</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>Star</translation>
    </message>
    <message>
        <source>Cross</source>
        <translation>Cross</translation>
    </message>
    <message>
        <source>SVG icon</source>
        <translation>SVG icon</translation>
    </message>
    <message>
        <source>SVG file</source>
        <translation>SVG file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>solid (or dash and gap lengths, e.g. 4 2)</source>
        <translation>solid (or dash and gap lengths, e.g. 4 2)</translation>
    </message>
    <message>
        <source>Solid</source>
        <translation>Solid</translation>
    </message>
    <message>
        <source>No fill</source>
        <translation>No fill</translation>
    </message>
    <message>
        <source>Horizontal hatch</source>
        <translation>Horizontal hatch</translation>
    </message>
    <message>
        <source>Vertical hatch</source>
        <translation>Vertical hatch</translation>
    </message>
    <message>
        <source>Cross hatch</source>
        <translation>Cross hatch</translation>
    </message>
    <message>
        <source>Forward diagonal hatch</source>
        <translation>Forward diagonal hatch</translation>
    </message>
    <message>
        <source>Backward diagonal hatch</source>
        <translation>Backward diagonal hatch</translation>
    </message>
    <message>
        <source>Diagonal cross hatch</source>
        <translation>Diagonal cross hatch</translation>
    </message>
    <message>
        <source>Dots</source>
        <translation>Dots</translation>
    </message>
    <message>
        <source>Min scale</source>
        <translation>Min scale</translation>
    </message>
    <message>
        <source>Max scale</source>
        <translation>Max scale</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>Marker</translation>
    </message>
    <message>
        <source>Line dashes</source>
        <translation>Line dashes</translation>
    </message>
    <message>
        <source>Fill pattern</source>
        <translation>Fill pattern</translation>
    </message>
    <message>
        <source>Symbol opacity</source>
        <translation>Symbol opacity</translation>
    </message>
    <message>
        <source>from</source>
        <translation>from</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Layer visible at scales</source>
        <translation>Layer visible at scales</translation>
    </message>
    <message>
        <source>Minimum scale</source>
        <translation>Minimum scale</translation>
    </message>
    <message>
        <source>Maximum scale</source>
        <translation>Maximum scale</translation>
    </message>
    <message>
        <source>Marker icon</source>
        <translation>Marker icon</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG images (*.svg)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>viewer::ToolboxPanel</name>
    <message>
        <source>Running…</source>
        <translation>Running…</translation>
    </message>
    <message>
        <source>Added the layer “%1”.</source>
        <translation>Added the layer “%1”.</translation>
    </message>
    <message>
        <source>Cancelled: nothing was added.</source>
        <translation>Cancelled: nothing was added.</translation>
    </message>
    <message>
        <source>The analysis failed.</source>
        <translation>The analysis failed.</translation>
    </message>
    <message>
        <source>The analysis failed:
%1</source>
        <translation>The analysis failed:
%1</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>Geometry</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Overlay</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>Aggregate</translation>
    </message>
    <message>
        <source>Raster</source>
        <translation>Raster</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>Vector</source>
        <translation>Vector</translation>
    </message>
    <message>
        <source>Joins</source>
        <translation>Joins</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>Terrain</translation>
    </message>
    <message>
        <source>The form is not complete: choose the layers and correct the expressions shown in red.</source>
        <translation>The form is not complete: choose the layers and correct the expressions shown in red.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Search algorithms</source>
        <translation>Search algorithms</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Invalid geometries and warnings of the last run:</source>
        <translation>Invalid geometries and warnings of the last run:</translation>
    </message>
    <message>
        <source>Choose an algorithm</source>
        <translation>Choose an algorithm</translation>
    </message>
    <message>
        <source>%1 exists. Choose it with “…” to replace it, or give another file.</source>
        <translation>%1 exists. Choose it with “…” to replace it, or give another file.</translation>
    </message>
</context>
</TS>
