<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_OM">
<context>
    <name>Export</name>
    <message>
        <source>%1: unknown format (use .png, .pdf or .svg)</source>
        <translation>%1: صيغة غير معروفة (استخدم ‎.png أو ‎.pdf أو ‎.svg)</translation>
    </message>
    <message>
        <source>Could not export the map: %1</source>
        <translation>تعذّر تصدير الخريطة: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>(deleted)</source>
        <translation>(محذوف)</translation>
    </message>
    <message>
        <source>%1: %2 lines longer than %3 characters were skipped</source>
        <translation>%1: تم تخطي %2 من الأسطر الأطول من %3 حرفًا</translation>
    </message>
    <message>
        <source>%1: only the first %2 services are listed</source>
        <translation>%1: تُعرض أول %2 خدمة فقط</translation>
    </message>
    <message>
        <source>%1: larger than %2 bytes; only its beginning was read</source>
        <translation>%1: أكبر من %2 بايت؛ قُرئ أوله فقط</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 m</source>
        <translation>%1 م</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 كم</translation>
    </message>
    <message>
        <source>%1 m²</source>
        <translation>%1 م²</translation>
    </message>
    <message>
        <source>%1 ha</source>
        <translation>%1 هكتار</translation>
    </message>
    <message>
        <source>%1 km²</source>
        <translation>%1 كم²</translation>
    </message>
    <message>
        <source>%1 %2, %3 %4</source>
        <translation>%1 %2، %3 %4</translation>
    </message>
    <message>
        <source>%1° %2, %3° %4</source>
        <translation>%1° %2، %3° %4</translation>
    </message>
    <message>
        <source>E</source>
        <translation>شرقًا</translation>
    </message>
    <message>
        <source>W</source>
        <translation>غربًا</translation>
    </message>
    <message>
        <source>N</source>
        <translation>شمالًا</translation>
    </message>
    <message>
        <source>S</source>
        <translation>جنوبًا</translation>
    </message>
</context>
<context>
    <name>viewer::ActionRegistry</name>
    <message>
        <source>&amp;New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>فتح مشروع…</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>حفظ المشروع</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>حفظ المشروع باسم…</translation>
    </message>
    <message>
        <source>&amp;Add layer…</source>
        <translation>إضافة طبقة…</translation>
    </message>
    <message>
        <source>&amp;Export map…</source>
        <translation>تصدير الخريطة…</translation>
    </message>
    <message>
        <source>Print &amp;layout…</source>
        <translation>تخطيط الطباعة…</translation>
    </message>
    <message>
        <source>Save selection as…</source>
        <translation>حفظ المحدد باسم…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>تكبير</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>تصغير</translation>
    </message>
    <message>
        <source>&amp;Full extent</source>
        <translation>الامتداد الكامل</translation>
    </message>
    <message>
        <source>&amp;Previous extent</source>
        <translation>الامتداد السابق</translation>
    </message>
    <message>
        <source>&amp;Next extent</source>
        <translation>الامتداد التالي</translation>
    </message>
    <message>
        <source>Zoom to &amp;layer</source>
        <translation>التكبير إلى الطبقة</translation>
    </message>
    <message>
        <source>Zoom to &amp;selection</source>
        <translation>التكبير إلى المحدد</translation>
    </message>
    <message>
        <source>Pan to selection</source>
        <translation>الانتقال إلى المحدد</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>إعادة الرسم</translation>
    </message>
    <message>
        <source>&amp;Add bookmark…</source>
        <translation>إضافة إشارة مرجعية…</translation>
    </message>
    <message>
        <source>&amp;Clear bookmarks</source>
        <translation>مسح الإشارات المرجعية</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation>تحريك</translation>
    </message>
    <message>
        <source>&amp;Identify features</source>
        <translation>تعريف المعالم</translation>
    </message>
    <message>
        <source>Select by &amp;click</source>
        <translation>تحديد بالنقر</translation>
    </message>
    <message>
        <source>Select by &amp;rectangle</source>
        <translation>تحديد بمستطيل</translation>
    </message>
    <message>
        <source>Select by &amp;polygon</source>
        <translation>تحديد بمضلع</translation>
    </message>
    <message>
        <source>Measure &amp;distance</source>
        <translation>قياس المسافة</translation>
    </message>
    <message>
        <source>Measure &amp;area</source>
        <translation>قياس المساحة</translation>
    </message>
    <message>
        <source>Select by &amp;expression…</source>
        <translation>تحديد بتعبير…</translation>
    </message>
    <message>
        <source>Select by &amp;location…</source>
        <translation>تحديد بالموقع…</translation>
    </message>
    <message>
        <source>&amp;Clear selection</source>
        <translation>إلغاء التحديد</translation>
    </message>
    <message>
        <source>Open attribute &amp;table</source>
        <translation>فتح جدول البيانات</translation>
    </message>
    <message>
        <source>Layer &amp;style…</source>
        <translation>نمط الطبقة…</translation>
    </message>
    <message>
        <source>&amp;Remove layer</source>
        <translation>إزالة الطبقة</translation>
    </message>
    <message>
        <source>Locate &amp;file…</source>
        <translation>تحديد موقع الملف…</translation>
    </message>
    <message>
        <source>&amp;About Interior Explorer</source>
        <translation>حول مستكشف الداخلية</translation>
    </message>
    <message>
        <source>&amp;Edit layer</source>
        <translation>تحرير الطبقة</translation>
    </message>
    <message>
        <source>&amp;Save edits</source>
        <translation>حفظ التعديلات</translation>
    </message>
    <message>
        <source>&amp;Undo edit</source>
        <translation>تراجع عن التعديل</translation>
    </message>
    <message>
        <source>&amp;Redo edit</source>
        <translation>إعادة التعديل</translation>
    </message>
    <message>
        <source>Add &amp;point</source>
        <translation>إضافة نقطة</translation>
    </message>
    <message>
        <source>Add &amp;line</source>
        <translation>إضافة خط</translation>
    </message>
    <message>
        <source>Add p&amp;olygon</source>
        <translation>إضافة مضلع</translation>
    </message>
    <message>
        <source>&amp;Move feature</source>
        <translation>نقل معلم</translation>
    </message>
    <message>
        <source>&amp;Vertex tool</source>
        <translation>أداة الرؤوس</translation>
    </message>
    <message>
        <source>&amp;Delete selected features</source>
        <translation>حذف المعالم المحددة</translation>
    </message>
    <message>
        <source>S&amp;nap to vertices and segments</source>
        <translation>الالتقاط إلى الرؤوس والأضلاع</translation>
    </message>
    <message>
        <source>Add point at &amp;coordinates…</source>
        <translation>إضافة نقطة بالإحداثيات…</translation>
    </message>
    <message>
        <source>Add &amp;ring (hole)</source>
        <translation>إضافة حلقة (ثقب)</translation>
    </message>
    <message>
        <source>Add p&amp;art</source>
        <translation>إضافة جزء</translation>
    </message>
    <message>
        <source>Delete ring or part</source>
        <translation>حذف حلقة أو جزء</translation>
    </message>
    <message>
        <source>Snapping settings…</source>
        <translation>إعدادات الالتقاط…</translation>
    </message>
    <message>
        <source>&amp;Copy features</source>
        <translation>نسخ المعالم</translation>
    </message>
    <message>
        <source>&amp;Paste features</source>
        <translation>لصق المعالم</translation>
    </message>
    <message>
        <source>Add &amp;PostGIS layer…</source>
        <translation>إضافة طبقة PostGIS…</translation>
    </message>
</context>
<context>
    <name>viewer::AlgorithmForm</name>
    <message>
        <source>m</source>
        <translation>م</translation>
    </message>
    <message>
        <source>km</source>
        <translation>كم</translation>
    </message>
    <message>
        <source>px</source>
        <translation>بكسل</translation>
    </message>
    <message>
        <source>degrees</source>
        <translation>درجة</translation>
    </message>
    <message>
        <source>Input layer</source>
        <translation>طبقة الإدخال</translation>
    </message>
    <message>
        <source>Overlay layer</source>
        <translation>طبقة التراكب</translation>
    </message>
    <message>
        <source>Stop with an error naming the feature</source>
        <translation>التوقف بخطأ يسمّي المعلم</translation>
    </message>
    <message>
        <source>Skip and report</source>
        <translation>التخطي مع الإبلاغ</translation>
    </message>
    <message>
        <source>Repair and report</source>
        <translation>الإصلاح مع الإبلاغ</translation>
    </message>
    <message>
        <source>What to do with a feature whose geometry is invalid</source>
        <translation>ما يُفعل بمعلم هندسته غير صالحة</translation>
    </message>
    <message>
        <source>Invalid geometries</source>
        <translation>الهندسات غير الصالحة</translation>
    </message>
    <message>
        <source>A new layer in the map (or choose a file)</source>
        <translation>طبقة جديدة في الخريطة (أو اختر ملفاً)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Also save the result to a file</source>
        <translation>احفظ النتيجة في ملف أيضاً</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>الناتج</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(غير محدد)</translation>
    </message>
    <message>
        <source>e.g. population / 1000</source>
        <translation>مثلاً population / 1000</translation>
    </message>
    <message>
        <source>An expression is required.</source>
        <translation>التعبير مطلوب.</translation>
    </message>
    <message>
        <source>Save the result as</source>
        <translation>حفظ النتيجة باسم</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>The further layers to read with the input layer</source>
        <translation>الطبقات الأخرى التي تُقرأ مع طبقة الإدخال</translation>
    </message>
    <message>
        <source>Further layers</source>
        <translation>طبقات أخرى</translation>
    </message>
    <message>
        <source>Choose a raster file</source>
        <translation>اختر ملف طبقة شبكية</translation>
    </message>
    <message>
        <source>Pick on map</source>
        <translation>اختر من الخريطة</translation>
    </message>
    <message>
        <source>Click on the map to take the point</source>
        <translation>انقر على الخريطة لأخذ النقطة</translation>
    </message>
    <message>
        <source>A GeoTIFF file (.tif): required</source>
        <translation>ملف GeoTIFF (‎.tif‎): مطلوب</translation>
    </message>
    <message>
        <source>x,y in the input layer&apos;s coordinates</source>
        <translation>x,y بإحداثيات طبقة الإدخال</translation>
    </message>
    <message>
        <source>Save the raster as</source>
        <translation>حفظ الطبقة الشبكية باسم</translation>
    </message>
    <message>
        <source>GeoTIFF (*.tif *.tiff)</source>
        <translation>GeoTIFF (*.tif *.tiff)</translation>
    </message>
    <message>
        <source>Choose a raster</source>
        <translation>اختر طبقة شبكية</translation>
    </message>
    <message>
        <source>Rasters (*.tif *.tiff *.vrt *.img *.asc);;All files (*)</source>
        <translation>الطبقات الشبكية (*.tif *.tiff *.vrt *.img *.asc);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>point layers</source>
        <translation>طبقات النقاط</translation>
    </message>
    <message>
        <source>line layers</source>
        <translation>طبقات الخطوط</translation>
    </message>
    <message>
        <source>polygon layers</source>
        <translation>طبقات المضلعات</translation>
    </message>
    <message>
        <source>point or line layers</source>
        <translation>طبقات النقاط أو الخطوط</translation>
    </message>
    <message>
        <source>point or polygon layers</source>
        <translation>طبقات النقاط أو المضلعات</translation>
    </message>
    <message>
        <source>line or polygon layers</source>
        <translation>طبقات الخطوط أو المضلعات</translation>
    </message>
    <message>
        <source>vector layers</source>
        <translation>الطبقات المتجهة</translation>
    </message>
    <message>
        <source>Input raster</source>
        <translation>الطبقة الشبكية المدخلة</translation>
    </message>
    <message>
        <source>The raster the algorithm reads: a raster layer of the map, or a file</source>
        <translation>الطبقة الشبكية التي تقرؤها الخوارزمية: طبقة شبكية من الخريطة أو ملف</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>Only %1 are listed: %2 reads no other geometry.</source>
        <translation>تُعرض %1 فقط: لا تقرأ %2 نوعًا آخر من الأشكال الهندسية.</translation>
    </message>
    <message>
        <source>A GeoTIFF file (.tif); empty: not kept</source>
        <translation>ملف GeoTIFF (‎.tif‎)؛ إن تُرك فارغاً لا تُحفظ</translation>
    </message>
    <message>
        <source>Written as a GeoTIFF and added to the map under the result layer</source>
        <translation>تُكتب في ملف GeoTIFF وتُضاف إلى الخريطة تحت طبقة النتيجة</translation>
    </message>
    <message>
        <source>m²</source>
        <translation>م²</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>كم/ساعة</translation>
    </message>
    <message>
        <source>layer units</source>
        <translation>وحدات الطبقة</translation>
    </message>
</context>
<context>
    <name>viewer::AnalysisRunner</name>
    <message>
        <source>An analysis is already running; cancel it or wait for it to finish.</source>
        <translation>يجري تحليل الآن؛ ألغِه أو انتظر انتهاءه.</translation>
    </message>
    <message>
        <source>Unknown algorithm “%1”.</source>
        <translation>خوارزمية غير معروفة «%1».</translation>
    </message>
    <message>
        <source>Choose an input vector layer.</source>
        <translation>اختر طبقة إدخال متجهة.</translation>
    </message>
    <message>
        <source>Choose an overlay vector layer.</source>
        <translation>اختر طبقة تراكب متجهة.</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>أُصلح</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>استُبعد</translation>
    </message>
    <message>
        <source>Layer “%1”, feature %2: %3 (%4)</source>
        <translation>الطبقة «%1»، المعلم %2: %3 (%4)</translation>
    </message>
    <message>
        <source>%1 makes a raster: choose the GeoTIFF file to write it to.</source>
        <translation>تُنتج %1 طبقة شبكية: اختر ملف GeoTIFF الذي تُكتب فيه.</translation>
    </message>
    <message>
        <source>A further layer is not a vector layer of the map any more; choose the layers again.</source>
        <translation>إحدى الطبقات الأخرى لم تعد طبقة متجهة في الخريطة؛ اختر الطبقات من جديد.</translation>
    </message>
    <message>
        <source>Choose at least one further layer to merge with the input layer.</source>
        <translation>اختر طبقة أخرى واحدة على الأقل لدمجها مع طبقة الإدخال.</translation>
    </message>
    <message>
        <source>The result is in the map, but the run could not be recorded in the project&apos;s history: %1</source>
        <translation>أُضيفت النتيجة إلى الخريطة، لكن تعذّر تسجيل التشغيل في سجل المشروع: %1</translation>
    </message>
    <message>
        <source>Choose the input raster.</source>
        <translation>اختر الطبقة الشبكية المدخلة.</translation>
    </message>
    <message>
        <source>Cut (lowered)</source>
        <translation>حفر (انخفاض)</translation>
    </message>
    <message>
        <source>Fill (raised)</source>
        <translation>ردم (ارتفاع)</translation>
    </message>
</context>
<context>
    <name>viewer::AttributePanel</name>
    <message>
        <source>Filter: an expression, e.g. population &gt; 10000 — press Enter</source>
        <translation>تصفية بتعبير، مثل population &gt; 10000 — ثم اضغط Enter</translation>
    </message>
    <message>
        <source>Selected only</source>
        <translation>المحدد فقط</translation>
    </message>
    <message>
        <source>Zoom to selection</source>
        <translation>التكبير إلى المحدد</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>إلغاء التحديد</translation>
    </message>
    <message>
        <source>No vector layer</source>
        <translation>لا توجد طبقة متجهة</translation>
    </message>
    <message>
        <source>%1 features, %2 shown, %3 selected</source>
        <translation>المعالم: %1، المعروضة: %2، المحددة: %3</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>لم يُغيَّر: %1</translation>
    </message>
    <message>
        <source>“%1” is not a value for the field %2 (%3)</source>
        <translation>«%1» ليست قيمة للحقل %2 (%3)</translation>
    </message>
    <message>
        <source>Changed, with a warning: %1</source>
        <translation>غُيِّر، مع تنبيه: %1</translation>
    </message>
</context>
<context>
    <name>viewer::ConflictDialog</name>
    <message>
        <source>Edit conflicts</source>
        <translation>تعارضات التحرير</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>المعلم</translation>
    </message>
    <message>
        <source>Your version</source>
        <translation>نسختك</translation>
    </message>
    <message>
        <source>Their version</source>
        <translation>نسختهم</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>الإبقاء على</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>نسختي</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>نسختهم</translation>
    </message>
    <message>
        <source>Save with these choices</source>
        <translation>الحفظ بهذه الاختيارات</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Someone else changed these features after you started editing them. Nothing has been saved: choose which version to keep for each, or merge them field by field, then the edits are saved.</source>
        <translation>غيّر شخص آخر هذه المعالم بعد أن بدأت تحريرها. لم يُحفظ شيء بعد: اختر النسخة التي تبقى لكل معلم، أو ادمجهما حقلاً بحقل، ثم تُحفظ التعديلات.</translation>
    </message>
    <message>
        <source>Merge field by field</source>
        <translation>دمج حقلاً بحقل</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <source>Your value</source>
        <translation>قيمتك</translation>
    </message>
    <message>
        <source>Their value</source>
        <translation>قيمتهم</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>المعتمد</translation>
    </message>
    <message>
        <source>Feature %1 was deleted in one version: keep mine or keep theirs.</source>
        <translation>المعلم %1 محذوف في إحدى النسختين: اختر نسختي أو نسختهم.</translation>
    </message>
    <message>
        <source>Feature %1, field by field: choose the value to keep for each difference.</source>
        <translation>المعلم %1 حقلاً بحقل: اختر القيمة التي تبقى لكل اختلاف.</translation>
    </message>
    <message>
        <source>Feature %1: its differences (choose &quot;Merge field by field&quot; to pick them one by one).</source>
        <translation>المعلم %1: اختلافاته (اختر «دمج حقلاً بحقل» لتختارها واحداً واحداً).</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>قيمتي</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>قيمتهم</translation>
    </message>
    <message>
        <source>(geometry)</source>
        <translation>(الشكل الهندسي)</translation>
    </message>
</context>
<context>
    <name>viewer::CoordinateDialog</name>
    <message>
        <source>Add point at coordinates</source>
        <translation>إضافة نقطة بالإحداثيات</translation>
    </message>
    <message>
        <source>Longitude / latitude (decimal degrees)</source>
        <translation>خط الطول / خط العرض (درجات عشرية)</translation>
    </message>
    <message>
        <source>Longitude / latitude (degrees, minutes, seconds)</source>
        <translation>خط الطول / خط العرض (درجات ودقائق وثوانٍ)</translation>
    </message>
    <message>
        <source>UTM zone 40N (metres)</source>
        <translation>UTM المنطقة ‎40N‎ (بالمتر)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <source>Add point</source>
        <translation>إضافة النقطة</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Easting (m)</source>
        <translation>الإحداثي الشرقي (م)</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>خط الطول</translation>
    </message>
    <message>
        <source>Northing (m)</source>
        <translation>الإحداثي الشمالي (م)</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>خط العرض</translation>
    </message>
    <message>
        <source>Type the easting and northing in metres.</source>
        <translation>اكتب الإحداثيين الشرقي والشمالي بالمتر.</translation>
    </message>
    <message>
        <source>Type a longitude (−180…180) and a latitude (−90…90).</source>
        <translation>اكتب خط طول (−180…180) وخط عرض (−90…90).</translation>
    </message>
    <message>
        <source>This position cannot be shown on the map: %1</source>
        <translation>لا يمكن إظهار هذا الموقع على الخريطة: %1</translation>
    </message>
</context>
<context>
    <name>viewer::DigitizeTool</name>
    <message>
        <source>Perimeter %1 · Area %2</source>
        <translation>المحيط %1 · المساحة %2</translation>
    </message>
    <message>
        <source>Length %1</source>
        <translation>الطول %1</translation>
    </message>
</context>
<context>
    <name>viewer::ExportDialog</name>
    <message>
        <source>Export map</source>
        <translation>تصدير الخريطة</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>صورة PNG (*.png);;مستند PDF (*.pdf);;رسم SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>File (.png, .pdf, .svg)</source>
        <translation>الملف (png أو pdf أو svg)</translation>
    </message>
    <message>
        <source>Width (pixels)</source>
        <translation>العرض (بكسل)</translation>
    </message>
    <message>
        <source>Height (pixels)</source>
        <translation>الارتفاع (بكسل)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>الدقة (نقطة لكل بوصة)</translation>
    </message>
</context>
<context>
    <name>viewer::FeatureFormDialog</name>
    <message>
        <source>Feature attributes</source>
        <translation>بيانات المعلم</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>لم يُحفظ: %1</translation>
    </message>
</context>
<context>
    <name>viewer::FlightPanel</name>
    <message>
        <source>Project %1 (%2)</source>
        <translation>المشروع %1 (%2)</translation>
    </message>
    <message>
        <source>%1 cm/pixel</source>
        <translation>%1 سم/بكسل</translation>
    </message>
    <message>
        <source>No flight</source>
        <translation>لا رحلة</translation>
    </message>
    <message>
        <source>Construction project:</source>
        <translation>مشروع الإنشاء:</translation>
    </message>
    <message>
        <source>Show the DSM instead of the orthophoto</source>
        <translation>عرض نموذج السطح الرقمي بدلاً من الصورة المتعامدة</translation>
    </message>
    <message>
        <source>Swipe with the earlier flight</source>
        <translation>المقارنة بالسحب مع الرحلة السابقة</translation>
    </message>
    <message>
        <source>Side by side with the earlier flight</source>
        <translation>جنباً إلى جنب مع الرحلة السابقة</translation>
    </message>
    <message>
        <source>Step through the flights by date</source>
        <translation>التنقل بين الرحلات حسب التاريخ</translation>
    </message>
</context>
<context>
    <name>viewer::FlightStack</name>
    <message>
        <source>Flight %1: %2 is outside the folder of the flights&apos; GeoPackage and was not read</source>
        <translation>الرحلة %1: الملف %2 خارج مجلد حزمة GeoPackage الخاصة بالرحلات ولم يُقرأ</translation>
    </message>
    <message>
        <source>Flight %1: %2 could not be read as a raster</source>
        <translation>الرحلة %1: تعذّرت قراءة %2 كصورة نقطية</translation>
    </message>
    <message>
        <source>Flight %1: %2 is missing or is not a local file; it was not read</source>
        <translation>الرحلة %1: الملف %2 مفقود أو ليس ملفاً محلياً؛ لم يُقرأ</translation>
    </message>
</context>
<context>
    <name>viewer::HistoryPanel</name>
    <message>
        <source>Running…</source>
        <translation>جارٍ التشغيل…</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>فشل.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>أُلغي.</translation>
    </message>
    <message>
        <source>Done: “%1” added to the map, recorded as %2.</source>
        <translation>تم: أُضيفت «%1» إلى الخريطة وسُجّلت باسم %2.</translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation>الخوارزمية</translation>
    </message>
    <message>
        <source>Finished (UTC)</source>
        <translation>الانتهاء (UTC)</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>المدخلات</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>المعاملات</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>الناتج</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>تشغيل مرة أخرى</translation>
    </message>
    <message>
        <source>Run the selected record again with its algorithm, parameters and inputs; the result is a new layer</source>
        <translation>أعد تشغيل السجل المحدد بخوارزميته ومعاملاته ومدخلاته؛ تكون النتيجة طبقة جديدة</translation>
    </message>
    <message>
        <source>(again: %1)</source>
        <translation>(إعادة: %1)</translation>
    </message>
    <message>
        <source>in memory</source>
        <translation>في الذاكرة</translation>
    </message>
    <message>
        <source>No analysis has been recorded in this project yet.</source>
        <translation>لم يُسجَّل أي تحليل في هذا المشروع بعد.</translation>
    </message>
    <message>
        <source>The project&apos;s history has no record “%1”.</source>
        <translation>لا يحوي سجل المشروع السجلّ «%1».</translation>
    </message>
    <message>
        <source>Cannot run %1 again: this version has no algorithm “%2”.</source>
        <translation>تعذّرت إعادة تشغيل %1: لا توجد في هذا الإصدار خوارزمية «%2».</translation>
    </message>
    <message>
        <source>Cannot run %1 again: %2</source>
        <translation>تعذّرت إعادة تشغيل %1: %2</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 was a layer made in memory, which was not saved in a file.</source>
        <translation>تعذّرت إعادة تشغيل %1: كانت طبقة %2 فيه طبقة في الذاكرة لم تُحفظ في ملف.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 %3 is %4. A re-run reads the very inputs the run read.</source>
        <translation>تعذّرت إعادة تشغيل %1: طبقة %2 ‏%3 حالتها: %4. إعادة التشغيل تقرأ المدخلات نفسها التي قرأها التشغيل.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: its %2 %3 is not a layer of the map; add it, then run again.</source>
        <translation>تعذّرت إعادة تشغيل %1: طبقة %2 ‏%3 ليست طبقة في الخريطة؛ أضفها ثم أعد التشغيل.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: it names more inputs than %2 reads.</source>
        <translation>تعذّرت إعادة تشغيل %1: يذكر مدخلات أكثر مما تقرأ %2.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: the record names no input layer.</source>
        <translation>تعذّرت إعادة تشغيل %1: لا يذكر السجل طبقة إدخال.</translation>
    </message>
    <message>
        <source>Cannot run %1 again: the record names no output file, and a raster needs one.</source>
        <translation>تعذّرت إعادة تشغيل %1: لا يذكر السجل ملف ناتج، والطبقة الشبكية تحتاج إليه.</translation>
    </message>
    <message>
        <source>input</source>
        <translation>الإدخال</translation>
    </message>
    <message>
        <source>overlay</source>
        <translation>التراكب</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>الشبكية</translation>
    </message>
</context>
<context>
    <name>viewer::IdentifyPanel</name>
    <message>
        <source>Current layer</source>
        <translation>الطبقة الحالية</translation>
    </message>
    <message>
        <source>All visible layers</source>
        <translation>كل الطبقات الظاهرة</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>القيمة</translation>
    </message>
    <message>
        <source>No feature here</source>
        <translation>لا يوجد معلم هنا</translation>
    </message>
    <message>
        <source>feature %1</source>
        <translation>المعلم %1</translation>
    </message>
</context>
<context>
    <name>viewer::LayerPanel</name>
    <message>
        <source>%1 features skipped: %2</source>
        <translation>عدد المعالم المتروكة: %1، والأسباب: %2</translation>
    </message>
    <message>
        <source>%1 features without their geometry (unreadable): %2</source>
        <translation>عدد المعالم بلا شكلها الهندسي (تعذّرت قراءته): %1، والأسباب: %2</translation>
    </message>
    <message>
        <source>%1 features repaired: %2</source>
        <translation>عدد المعالم المُصلَحة: %1، والأسباب: %2</translation>
    </message>
    <message>
        <source>%1 features missing: the file ends early</source>
        <translation>عدد المعالم المفقودة: %1، فالملف ينتهي قبل أوانه</translation>
    </message>
    <message>
        <source>Read with problems: %1</source>
        <translation>قُرئت الطبقة مع مشكلات: %1</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>العتامة</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>التكبير إلى الطبقة</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>إزالة الطبقة</translation>
    </message>
    <message>
        <source>Layer style…</source>
        <translation>نمط الطبقة…</translation>
    </message>
    <message>
        <source>Locate file…</source>
        <translation>تحديد موقع الملف…</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>غير متاحة: %1</translation>
    </message>
    <message>
        <source>Use “Locate file…” to point it at the file.</source>
        <translation>استخدم «تحديد موقع الملف…» لربطها بملفها.</translation>
    </message>
    <message>
        <source>%1
%2 features</source>
        <translation>%1
عدد المعالم: %2</translation>
    </message>
    <message>
        <source>Open attribute table</source>
        <translation>فتح جدول البيانات</translation>
    </message>
    <message>
        <source>In edit mode, with edits not saved (Ctrl+S saves them)</source>
        <translation>في وضع التحرير، وفيها تعديلات غير محفوظة (‎Ctrl+S‎ يحفظها)</translation>
    </message>
    <message>
        <source>In edit mode</source>
        <translation>في وضع التحرير</translation>
    </message>
    <message>
        <source>Edit layer</source>
        <translation>تحرير الطبقة</translation>
    </message>
    <message>
        <source>Correct its style, then open the project again.</source>
        <translation>صحّح نمطها، ثم افتح المشروع من جديد.</translation>
    </message>
</context>
<context>
    <name>viewer::MainWindow</name>
    <message>
        <source>Untitled project</source>
        <translation>مشروع بلا عنوان</translation>
    </message>
    <message>
        <source>Save the changes to “%1”?</source>
        <translation>هل تريد حفظ التغييرات في «%1»؟</translation>
    </message>
    <message>
        <source>The changes to styles and layers are lost if you do not save them.</source>
        <translation>ستضيع التغييرات على الأنماط والطبقات إن لم تحفظها.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <source>Don’t save</source>
        <translation>عدم الحفظ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <source>Recent &amp;projects</source>
        <translation>المشاريع الأخيرة</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>الإشارات المرجعية</translation>
    </message>
    <message>
        <source>P&amp;anels</source>
        <translation>اللوحات</translation>
    </message>
    <message>
        <source>&amp;Layer</source>
        <translation>طبقة</translation>
    </message>
    <message>
        <source>&amp;Selection</source>
        <translation>تحديد</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>أدوات</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>إعدادات</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>الطبقات</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>جدول البيانات</translation>
    </message>
    <message>
        <source>Identify results</source>
        <translation>نتائج التعريف</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>القياس</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>نظرة عامة</translation>
    </message>
    <message>
        <source>Geographic data (*.gpkg *.geojson *.json *.shp *.csv *.kml *.gml *.fgb *.tif *.tiff *.vrt *.asc);;All files (*)</source>
        <translation>بيانات جغرافية (*.gpkg *.geojson *.json *.shp *.csv *.kml *.gml *.fgb *.tif *.tiff *.vrt *.asc);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Add bookmark</source>
        <translation>إضافة إشارة مرجعية</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>Bookmark %1</source>
        <translation>إشارة مرجعية %1</translation>
    </message>
    <message>
        <source>About Interior Explorer</source>
        <translation>حول مستكشف الداخلية</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Interior Explorer — مستكشف الداخلية&lt;/h3&gt;&lt;p&gt;The integrated geographic database of Ad Dakhiliyah Governorate, Sultanate of Oman.&lt;/p&gt;&lt;p&gt;Built on libgis (GDAL, PROJ, GEOS) and Qt %1.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;مستكشف الداخلية — Interior Explorer&lt;/h3&gt;&lt;p&gt;قاعدة البيانات الجغرافية المتكاملة لمحافظة الداخلية، سلطنة عُمان.&lt;/p&gt;&lt;p&gt;مبني على libgis (GDAL وPROJ وGEOS) وQt %1.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1: %2 features selected</source>
        <translation>%1: عدد المعالم المحددة %2</translation>
    </message>
    <message>
        <source>Interior Explorer</source>
        <translation>مستكشف الداخلية</translation>
    </message>
    <message>
        <source>Could not open the project:
%1</source>
        <translation>تعذّر فتح المشروع:
%1</translation>
    </message>
    <message>
        <source>Unavailable layers: %1 — use “Locate file…” in the Layers panel</source>
        <translation>طبقات غير متاحة: %1 — استخدم «تحديد موقع الملف…» في لوحة الطبقات</translation>
    </message>
    <message>
        <source>Could not save the project:
%1</source>
        <translation>تعذّر حفظ المشروع:
%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>تم الحفظ: %1</translation>
    </message>
    <message>
        <source>Could not add %1:
%2</source>
        <translation>تعذّرت إضافة %1:
%2</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>الملف</translation>
    </message>
    <message>
        <source>some files</source>
        <translation>بعض الملفات</translation>
    </message>
    <message>
        <source>Could not read the file:
%1</source>
        <translation>تعذّرت قراءة الملف:
%1</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>Projects (*.json)</source>
        <translation>المشاريع (*.json)</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>حفظ المشروع</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>إضافة طبقة</translation>
    </message>
    <message>
        <source>Locate file for “%1”</source>
        <translation>تحديد موقع ملف «%1»</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>تم التصدير: %1</translation>
    </message>
    <message>
        <source>Choose a vector layer in the Layers panel first.</source>
        <translation>اختر طبقة متجهة في لوحة الطبقات أولًا.</translation>
    </message>
    <message>
        <source>%1 is read by this project (%2): it is never replaced. Save the selection as a new layer or to another file.</source>
        <translation>الملف %1 مصدر لهذا المشروع (%2): لا يُستبدل أبدًا. احفظ المحدد كطبقة جديدة أو في ملف آخر.</translation>
    </message>
    <message>
        <source>The project %1 names files outside its folder:

%2

Allow this project to read files in these folders?

%3

Only allow folders whose files you trust.</source>
        <translation>يشير المشروع %1 إلى ملفات خارج مجلده:

%2

هل تسمح لهذا المشروع بقراءة الملفات في هذه المجلدات؟

%3

لا تسمح إلا بالمجلدات التي تثق بملفاتها.</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <source>Edit toolbar</source>
        <translation>شريط أدوات التحرير</translation>
    </message>
    <message>
        <source>%1 unsaved edits to %2 from %3</source>
        <translation>%1 من التعديلات غير المحفوظة على %2 منذ الساعة %3</translation>
    </message>
    <message>
        <source>They were kept when the program stopped before they were saved. Recover them to go on editing, or discard them for good.</source>
        <translation>احتُفظ بها حين توقف البرنامج قبل حفظها. استعدها لمتابعة التحرير، أو تجاهلها نهائيًا.</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>استعادة</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <source>Cannot edit %1: %2</source>
        <translation>تعذّر تحرير %1: %2</translation>
    </message>
    <message>
        <source>Editing %1: add features with the tools of the edit toolbar; Ctrl+S saves</source>
        <translation>تحرير %1: أضف المعالم بأدوات شريط التحرير؛ ‎Ctrl+S‎ للحفظ</translation>
    </message>
    <message>
        <source>The edits were not saved: %1</source>
        <translation>لم تُحفظ التعديلات: %1</translation>
    </message>
    <message>
        <source>The edits were not saved (they are kept): %1</source>
        <translation>لم تُحفظ التعديلات (ولم تضع): %1</translation>
    </message>
    <message>
        <source>Edits saved</source>
        <translation>حُفظت التعديلات</translation>
    </message>
    <message>
        <source>Save the edits to %1?</source>
        <translation>هل تريد حفظ التعديلات على %1؟</translation>
    </message>
    <message>
        <source>The features you added, changed or deleted are lost if you do not save them.</source>
        <translation>تضيع المعالم التي أضفتها أو غيّرتها أو حذفتها إن لم تحفظها.</translation>
    </message>
    <message>
        <source>Self-intersection</source>
        <translation>تقاطع ذاتي</translation>
    </message>
    <message>
        <source>Ring Self-intersection</source>
        <translation>تقاطع ذاتي في حلقة</translation>
    </message>
    <message>
        <source>Hole lies outside shell</source>
        <translation>ثقب خارج الحد الخارجي</translation>
    </message>
    <message>
        <source>Holes are nested</source>
        <translation>ثقوب متداخلة</translation>
    </message>
    <message>
        <source>Interior is disconnected</source>
        <translation>الداخل منفصل</translation>
    </message>
    <message>
        <source>Nested shells</source>
        <translation>حدود خارجية متداخلة</translation>
    </message>
    <message>
        <source>Duplicate Rings</source>
        <translation>حلقات مكررة</translation>
    </message>
    <message>
        <source>Too few distinct points in geometry component</source>
        <translation>نقاط مختلفة أقل مما يلزم في جزء من الشكل</translation>
    </message>
    <message>
        <source>Invalid Coordinate</source>
        <translation>إحداثي غير صالح</translation>
    </message>
    <message>
        <source>Ring is not closed</source>
        <translation>الحلقة غير مغلقة</translation>
    </message>
    <message>
        <source>An invalid polygon gives wrong areas and breaks spatial queries. Fix it (the shape is repaired, keeping every area it encloses), keep it as drawn, or cancel this edit.</source>
        <translation>المضلع غير الصالح يعطي مساحات خاطئة ويُفسد الاستعلامات المكانية. أصلحه (يُصلَح الشكل مع الإبقاء على كل مساحة يحيط بها)، أو أبقه كما رُسم، أو ألغِ هذا التعديل.</translation>
    </message>
    <message>
        <source>Fix (make valid)</source>
        <translation>إصلاح (جعله صالحاً)</translation>
    </message>
    <message>
        <source>Keep as drawn</source>
        <translation>إبقاؤه كما رُسم</translation>
    </message>
    <message>
        <source>The polygon is not valid: %1</source>
        <translation>المضلع غير صالح: %1</translation>
    </message>
    <message>
        <source>Select the features of %1 to copy first</source>
        <translation>حدّد معالم %1 المراد نسخها أولاً</translation>
    </message>
    <message>
        <source>Features copied from %1: %2</source>
        <translation>المعالم المنسوخة من %1: %2</translation>
    </message>
    <message>
        <source>Turn on edit mode of %1 to paste features into it</source>
        <translation>شغّل وضع التحرير في %1 لتلصق المعالم فيها</translation>
    </message>
    <message>
        <source>Nothing is copied: select features and copy them (Ctrl+C) first</source>
        <translation>لم يُنسخ شيء: حدّد معالم وانسخها (Ctrl+C) أولاً</translation>
    </message>
    <message>
        <source>The features copied from %1 (%2) cannot be pasted into %3 (%4): the geometry types differ</source>
        <translation>لا يمكن لصق المعالم المنسوخة من %1 (%2) في %3 (%4): نوعا الشكل الهندسي مختلفان</translation>
    </message>
    <message>
        <source>Features copied from %1 have several parts, and %2 stores single geometries (%3)</source>
        <translation>بعض المعالم المنسوخة من %1 لها عدة أجزاء، و%2 تخزن أشكالاً مفردة (%3)</translation>
    </message>
    <message>
        <source>Features pasted into %1: %2</source>
        <translation>المعالم الملصقة في %1: %2</translation>
    </message>
    <message>
        <source>Could not paste into %1: %2</source>
        <translation>تعذّر اللصق في %1: %2</translation>
    </message>
    <message>
        <source>Inspector name</source>
        <translation>اسم المفتش</translation>
    </message>
    <message>
        <source>The name forms fill in as the inspector of a new feature:</source>
        <translation>الاسم الذي تكتبه النماذج مفتشًا للمعلم الجديد:</translation>
    </message>
    <message>
        <source>Inspector name…</source>
        <translation>اسم المفتش…</translation>
    </message>
    <message>
        <source>The form of this layer cannot be shown: %1</source>
        <translation>لا يمكن عرض نموذج هذه الطبقة: %1</translation>
    </message>
    <message>
        <source>A&amp;nalysis</source>
        <translation>تحليل</translation>
    </message>
    <message>
        <source>Toolbox…</source>
        <translation>صندوق الأدوات…</translation>
    </message>
    <message>
        <source>Analysis toolbox</source>
        <translation>صندوق أدوات التحليل</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>السجل…</translation>
    </message>
    <message>
        <source>Analysis history</source>
        <translation>سجل التحليل</translation>
    </message>
    <message>
        <source>Add PostGIS layer</source>
        <translation>إضافة طبقة PostGIS</translation>
    </message>
    <message>
        <source>A project cannot save this connection: %1.

Only a service of your pg_service.conf can be saved in a project. Keep the layers in the map without saving them in the project?</source>
        <translation>لا يمكن للمشروع حفظ هذا الاتصال: %1.

لا يُحفظ في المشروع إلا خدمة من ملف pg_service.conf الخاص بك. هل تُبقي الطبقات في الخريطة دون حفظها في المشروع؟</translation>
    </message>
    <message>
        <source>Keep unsaved</source>
        <translation>إبقاؤها دون حفظ</translation>
    </message>
    <message>
        <source>Could not add “%1” from %2: %3</source>
        <translation>تعذّرت إضافة «%1» من %2: %3</translation>
    </message>
    <message>
        <source>Drone flights</source>
        <translation>رحلات الطائرة المسيّرة</translation>
    </message>
    <message>
        <source>Layers whose style cannot be used: %1 — correct the style (its tooltip in the Layers panel says where) and open the project again</source>
        <translation>طبقات لا يمكن استخدام نمطها: %1 — صحّح النمط (يبيّن تلميحها في لوحة الطبقات موضع الخطأ) ثم افتح المشروع من جديد</translation>
    </message>
</context>
<context>
    <name>viewer::MapDocument</name>
    <message>
        <source>%1: zoom in to see its features (about %2 in this view)</source>
        <translation>%1: قرّب لرؤية معالمها (نحو %2 في هذا العرض)</translation>
    </message>
    <message>
        <source>%1: could not read this view: %2</source>
        <translation>%1: تعذّرت قراءة هذا العرض: %2</translation>
    </message>
</context>
<context>
    <name>viewer::MapTools</name>
    <message>
        <source>Choose a vector layer in the Layers panel first.</source>
        <translation>اختر طبقة متجهة في لوحة الطبقات أولًا.</translation>
    </message>
</context>
<context>
    <name>viewer::MeasurePanel</name>
    <message>
        <source>Click to add points; double-click or right-click to finish. Distances and areas are geodesic (WGS 84 ellipsoid).</source>
        <translation>انقر لإضافة نقاط، ثم انقر نقرًا مزدوجًا أو بالزر الأيمن للإنهاء. المسافات والمساحات جيوديسية (على إهليلج WGS 84).</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
    <message>
        <source>No measurement yet</source>
        <translation>لا يوجد قياس بعد</translation>
    </message>
    <message>
        <source>Area: %1</source>
        <translation>المساحة: %1</translation>
    </message>
    <message>
        <source>Perimeter: %1</source>
        <translation>المحيط: %1</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>الطول الكلي: %1</translation>
    </message>
    <message>
        <source>Last segment: %1</source>
        <translation>آخر مقطع: %1</translation>
    </message>
</context>
<context>
    <name>viewer::PgChangeWatcher</name>
    <message>
        <source>Changes by colleagues to layer “%1” will not be shown: %2</source>
        <translation>لن تظهر تعديلات الزملاء على الطبقة «%1»: %2</translation>
    </message>
    <message>
        <source>Layer “%1”: a colleague&apos;s change could not be read: %2</source>
        <translation>الطبقة «%1»: تعذّرت قراءة تعديل أحد الزملاء: %2</translation>
    </message>
</context>
<context>
    <name>viewer::PhotoField</name>
    <message>
        <source>Add photo…</source>
        <translation>إضافة صورة…</translation>
    </message>
    <message>
        <source>The photos cannot be read: %1</source>
        <translation>تعذّرت قراءة الصور: %1</translation>
    </message>
    <message>
        <source>Taken %1</source>
        <translation>التُقطت %1</translation>
    </message>
    <message>
        <source>No photos</source>
        <translation>لا توجد صور</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بلا اسم)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>إضافة صور</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff *.bmp *.gif);;All files (*)</source>
        <translation>الصور (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff *.bmp *.gif);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>%1: %2 is more than the %3 a photo may have</source>
        <translation>%1: حجمه %2، وهو أكبر من %3 المسموح بها للصورة</translation>
    </message>
    <message>
        <source>%1: cannot be read: %2</source>
        <translation>%1: تعذّرت قراءته: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>لم تُزَل: %1</translation>
    </message>
</context>
<context>
    <name>viewer::PostgisDialog</name>
    <message>
        <source>Service (pg_service.conf)</source>
        <translation>الخدمة (pg_service.conf)</translation>
    </message>
    <message>
        <source>Or connection string</source>
        <translation>أو نص الاتصال</translation>
    </message>
    <message>
        <source>Add PostGIS layer</source>
        <translation>إضافة طبقة PostGIS</translation>
    </message>
    <message>
        <source>host=… dbname=… (not saved in a project)</source>
        <translation>host=… dbname=… (لا يُحفظ في المشروع)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>اتصال</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>الجدول</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>الهندسة</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>نظام الإحداثيات</translation>
    </message>
    <message>
        <source>Features (estimated)</source>
        <translation>المعالم (تقديرًا)</translation>
    </message>
    <message>
        <source>Choose a service or type a connection string.</source>
        <translation>اختر خدمة أو اكتب نص الاتصال.</translation>
    </message>
    <message>
        <source>unknown (not analysed)</source>
        <translation>غير معروف (لم يُحلَّل)</translation>
    </message>
    <message>
        <source>%1: %2 tables with geometry</source>
        <translation>%1: %2 جدولًا ذا هندسة</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutAtlasDialog</name>
    <message>
        <source>Atlas</source>
        <translation>الأطلس</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG images (*.png);;SVG drawings (*.svg)</source>
        <translation>مستند PDF (*.pdf);;صور PNG (*.png);;رسومات SVG (*.svg)</translation>
    </message>
    <message>
        <source>%1: the atlas must end in .pdf, .png or .svg</source>
        <translation>%1: يجب أن ينتهي ملف الأطلس بـ ‎.pdf أو ‎.png أو ‎.svg</translation>
    </message>
    <message>
        <source>Could not make the atlas pages:
%1</source>
        <translation>تعذّر إنشاء صفحات الأطلس:
%1</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>الصفحة %1 من %2</translation>
    </message>
    <message>
        <source>Exporting %1 pages…</source>
        <translation>جارٍ تصدير %1 صفحة…</translation>
    </message>
    <message>
        <source>The atlas failed.</source>
        <translation>فشل تصدير الأطلس.</translation>
    </message>
    <message>
        <source>Could not export the atlas to %1:
%2</source>
        <translation>تعذّر تصدير الأطلس إلى %1:
%2</translation>
    </message>
    <message>
        <source>Cancelled: %1 was not written.</source>
        <translation>أُلغي: لم يُكتب %1.</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 pages.</source>
        <translation>أُلغي بعد %1 من %2 صفحة.</translation>
    </message>
    <message>
        <source>Wrote %1 (%2 pages).</source>
        <translation>كُتب %1 (%2 صفحة).</translation>
    </message>
    <message>
        <source>Wrote %1 files: %2 …</source>
        <translation>كُتب %1 ملفًا: %2 …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>One page per feature of</source>
        <translation>صفحة لكل معلم من</translation>
    </message>
    <message>
        <source>Page title (field or expression)</source>
        <translation>عنوان الصفحة (حقل أو تعبير)</translation>
    </message>
    <message>
        <source>File (.pdf, .png, .svg)</source>
        <translation>الملف (pdf أو png أو svg)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>الدقة (نقطة لكل بوصة)</translation>
    </message>
    <message>
        <source>A PDF holds every page; PNG and SVG give one file per page (name-001.png, name-002.png, …).</source>
        <translation>ملف PDF واحد يضم كل الصفحات؛ أما PNG وSVG فملف مرقّم لكل صفحة.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>Export atlas</source>
        <translation>تصدير الأطلس</translation>
    </message>
    <message>
        <source>A field name, or an expression such as name_en || &apos; (&apos; || name_ar || &apos;)&apos;</source>
        <translation>اسم حقل، أو تعبير مثل name_ar || &apos; (&apos; || name_en || &apos;)&apos;</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutExportDialog</name>
    <message>
        <source>Export layout</source>
        <translation>تصدير التخطيط</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>World file and CRS beside the PNG (georeferenced image)</source>
        <translation>ملف إسناد (world file) ونظام الإحداثيات بجانب PNG (صورة مُسندة جغرافيًا)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>مستند PDF (*.pdf);;صورة PNG (*.png);;رسم SVG (*.svg)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>File (.pdf, .png, .svg)</source>
        <translation>الملف (pdf أو png أو svg)</translation>
    </message>
    <message>
        <source>Resolution (DPI)</source>
        <translation>الدقة (نقطة لكل بوصة)</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutPreview</name>
    <message>
        <source>Rendering…</source>
        <translation>جارٍ الرسم…</translation>
    </message>
</context>
<context>
    <name>viewer::PrintLayoutWindow</name>
    <message>
        <source>Print layout</source>
        <translation>تخطيط الطباعة</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>القالب</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>العنوان الفرعي</translation>
    </message>
    <message>
        <source>Map extent</source>
        <translation>امتداد الخريطة</translation>
    </message>
    <message>
        <source>The project&apos;s extent</source>
        <translation>امتداد المشروع</translation>
    </message>
    <message>
        <source>The current map view</source>
        <translation>العرض الحالي للخريطة</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>المقياس</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>ملاءمة</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>ثابت</translation>
    </message>
    <message>
        <source>Show on the page</source>
        <translation>العناصر الظاهرة في الصفحة</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>تصدير…</translation>
    </message>
    <message>
        <source>Atlas…</source>
        <translation>أطلس…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>The page as it will be exported</source>
        <translation>الصفحة كما ستُصدَّر</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>عربي</translation>
    </message>
    <message>
        <source>English</source>
        <translation>إنجليزي</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>landscape</source>
        <translation>أفقي</translation>
    </message>
    <message>
        <source>portrait</source>
        <translation>عمودي</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>قالب آخر…</translation>
    </message>
    <message>
        <source>Layout template</source>
        <translation>قالب التخطيط</translation>
    </message>
    <message>
        <source>Layout templates (*.json)</source>
        <translation>قوالب التخطيط (*.json)</translation>
    </message>
    <message>
        <source>Could not read the layout template:
%1</source>
        <translation>تعذّرت قراءة قالب التخطيط:
%1</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>الخريطة</translation>
    </message>
    <message>
        <source>Title and subtitle</source>
        <translation>العنوان والعنوان الفرعي</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>وسيلة الإيضاح</translation>
    </message>
    <message>
        <source>Scale bar</source>
        <translation>مقياس الرسم الخطي</translation>
    </message>
    <message>
        <source>North arrow</source>
        <translation>سهم الشمال</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>الملاحظات</translation>
    </message>
    <message>
        <source>Locator map</source>
        <translation>خريطة الموقع</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>الشعار</translation>
    </message>
    <message>
        <source>Could not export the layout to %1:
%2</source>
        <translation>تعذّر تصدير التخطيط إلى %1:
%2</translation>
    </message>
    <message>
        <source>%1 was written without some layers:
%2</source>
        <translation>كُتب %1 دون بعض الطبقات:
%2</translation>
    </message>
</context>
<context>
    <name>viewer::QueryBuilderDialog</name>
    <message>
        <source>Select by expression — %1</source>
        <translation>تحديد بتعبير — %1</translation>
    </message>
    <message>
        <source>e.g. name_en = &apos;Nizwa&apos; or population &gt; 10000</source>
        <translation>مثال: name_en = &apos;Nizwa&apos; أو population &gt; 10000</translation>
    </message>
    <message>
        <source>Add to the current selection</source>
        <translation>إضافة إلى التحديد الحالي</translation>
    </message>
    <message>
        <source>Sample values</source>
        <translation>عيّنة من القيم</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>تحديد</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>الحقول</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>القيم</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>التعبير</translation>
    </message>
    <message>
        <source>Type an expression; double-click a field or a value to insert it.</source>
        <translation>اكتب تعبيرًا، أو انقر نقرًا مزدوجًا على حقل أو قيمة لإدراجها.</translation>
    </message>
    <message>
        <source>%1 of %2 features match</source>
        <translation>المعالم المطابقة: %1 من %2</translation>
    </message>
</context>
<context>
    <name>viewer::SaveIntoGeoPackageDialog</name>
    <message>
        <source>Save into an existing GeoPackage</source>
        <translation>الحفظ في ملف GeoPackage موجود</translation>
    </message>
    <message>
        <source>%1 already exists. Layers in it: %2.</source>
        <translation>الملف %1 موجود. عدد طبقاته: %2.</translation>
    </message>
    <message>
        <source>Add the selection as a new layer (nothing in the file is lost)</source>
        <translation>إضافة المحدد كطبقة جديدة (لا يُفقد شيء من الملف)</translation>
    </message>
    <message>
        <source>Replace the whole file: replaces %1 layer(s)</source>
        <translation>استبدال الملف بأكمله: تُستبدل طبقاته (%1)</translation>
    </message>
    <message>
        <source>Layer name:</source>
        <translation>اسم الطبقة:</translation>
    </message>
    <message>
        <source>This file is read by the open project: its layers are never replaced.</source>
        <translation>هذا الملف مصدر للمشروع المفتوح: لا تُستبدل طبقاته أبدًا.</translation>
    </message>
    <message>
        <source>Replace layer “%1”</source>
        <translation>استبدال الطبقة «%1»</translation>
    </message>
    <message>
        <source>replaces its %1 feature(s)</source>
        <translation>تُستبدل معالمها (%1)</translation>
    </message>
    <message>
        <source>(the file has no layer of that name)</source>
        <translation>(لا توجد في الملف طبقة بهذا الاسم)</translation>
    </message>
</context>
<context>
    <name>viewer::SelectByLocationDialog</name>
    <message>
        <source>Select by location</source>
        <translation>تحديد بالموقع</translation>
    </message>
    <message>
        <source>intersect</source>
        <translation>تتقاطع مع</translation>
    </message>
    <message>
        <source>are within</source>
        <translation>تقع داخل</translation>
    </message>
    <message>
        <source>contain</source>
        <translation>تحتوي على</translation>
    </message>
    <message>
        <source>touch</source>
        <translation>تلامس</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>تعبر</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>تتداخل مع</translation>
    </message>
    <message>
        <source>are disjoint from</source>
        <translation>منفصلة عن</translation>
    </message>
    <message>
        <source>Only the selected features of that layer</source>
        <translation>المعالم المحددة فقط من تلك الطبقة</translation>
    </message>
    <message>
        <source>Add to the current selection</source>
        <translation>إضافة إلى التحديد الحالي</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>تحديد</translation>
    </message>
    <message>
        <source>Select features of</source>
        <translation>تحديد معالم</translation>
    </message>
    <message>
        <source>that</source>
        <translation>التي</translation>
    </message>
    <message>
        <source>the features of</source>
        <translation>معالم</translation>
    </message>
</context>
<context>
    <name>viewer::SelectionSaver</name>
    <message>
        <source>Could not save the selection:
%1</source>
        <translation>تعذّر حفظ المعالم المحددة:
%1</translation>
    </message>
    <message>
        <source>Select features of a vector layer first.</source>
        <translation>حدّد معالم من طبقة متجهة أولًا.</translation>
    </message>
    <message>
        <source>Saved %1 features to %2</source>
        <translation>تم حفظ المعالم المحددة (%1) في %2</translation>
    </message>
    <message>
        <source>Saved %1 features to layer “%2” of %3</source>
        <translation>تم حفظ المعالم المحددة (%1) في الطبقة «%2» من %3</translation>
    </message>
    <message>
        <source>Save selection as</source>
        <translation>حفظ المحدد باسم</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;CSV (*.csv)</source>
        <translation>GeoPackage (*.gpkg);;GeoJSON (*.geojson);;ملف أشكال Shapefile (*.shp);;جدول CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 exists. Replace it? Everything it holds now is lost.</source>
        <translation>الملف %1 موجود. هل تريد استبداله؟ سيُفقد كل ما فيه الآن.</translation>
    </message>
    <message>
        <source>The selection holds features you added or changed and have not saved yet. Save your edits first (Ctrl+S), then save the selection.</source>
        <translation>يتضمن التحديد معالم أضفتها أو عدّلتها ولم تحفظها بعد. احفظ تعديلاتك أولًا (Ctrl+S)، ثم احفظ التحديد.</translation>
    </message>
</context>
<context>
    <name>viewer::SnappingDialog</name>
    <message>
        <source>Snapping settings</source>
        <translation>إعدادات الالتقاط</translation>
    </message>
    <message>
        <source>Points you click while editing snap to the vertices and segments of the layers ticked here, in edit mode or not, when the mouse is within the tolerance.</source>
        <translation>النقاط التي تنقرها أثناء التحرير تلتقط رؤوس وقطع الطبقات المؤشَّر عليها هنا، في وضع التحرير أو لا، متى كان المؤشر ضمن المسافة المسموحة.</translation>
    </message>
    <message>
        <source>Layers to snap to:</source>
        <translation>الطبقات التي يُلتقط منها:</translation>
    </message>
    <message>
        <source>%1 (hidden: does not snap)</source>
        <translation>%1 (مخفية: لا يُلتقط منها)</translation>
    </message>
    <message>
        <source>%1 (in edit mode)</source>
        <translation>%1 (في وضع التحرير)</translation>
    </message>
    <message>
        <source>Vertices</source>
        <translation>الرؤوس</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>القطع</translation>
    </message>
    <message>
        <source>Vertices and segments</source>
        <translation>الرؤوس والقطع</translation>
    </message>
    <message>
        <source>Snap to:</source>
        <translation>الالتقاط إلى:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> بكسل</translation>
    </message>
    <message>
        <source>Tolerance:</source>
        <translation>المسافة المسموحة:</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>تطبيق</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>viewer::StatusBar</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ملي ثانية</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>المقياس</translation>
    </message>
    <message>
        <source>CRS</source>
        <translation>نظام الإحداثيات</translation>
    </message>
    <message>
        <source>Type a scale such as 1:50000 and press Enter</source>
        <translation>اكتب مقياسًا مثل 1:50000 ثم اضغط Enter</translation>
    </message>
    <message>
        <source>Map coordinate reference system</source>
        <translation>نظام الإحداثيات المرجعي للخريطة</translation>
    </message>
    <message>
        <source>Move the mouse over the map</source>
        <translation>حرّك المؤشر فوق الخريطة لعرض الإحداثيات</translation>
    </message>
    <message>
        <source>UTM %1N: %2 E, %3 N</source>
        <translation>UTM %1 شمال: %2 شرقًا، %3 شمالًا</translation>
    </message>
</context>
<context>
    <name>viewer::StyleEditorDialog</name>
    <message>
        <source>Layer style — %1</source>
        <translation>نمط الطبقة — %1</translation>
    </message>
    <message>
        <source>Single symbol</source>
        <translation>رمز موحّد</translation>
    </message>
    <message>
        <source>Categorized</source>
        <translation>حسب الفئات</translation>
    </message>
    <message>
        <source>Graduated</source>
        <translation>متدرّج</translation>
    </message>
    <message>
        <source>Rule-based</source>
        <translation>حسب القواعد</translation>
    </message>
    <message>
        <source>Equal interval</source>
        <translation>فترات متساوية</translation>
    </message>
    <message>
        <source>Quantile</source>
        <translation>تقسيم متساوي العدد (المئينات)</translation>
    </message>
    <message>
        <source>Natural breaks (Jenks)</source>
        <translation>الفواصل الطبيعية (جنكس)</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>تصنيف</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>الرمز</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>القيمة</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>وسيلة الإيضاح</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>إضافة قاعدة</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>حذف القاعدة</translation>
    </message>
    <message>
        <source>Renderer</source>
        <translation>طريقة الترميز</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <source>Colour ramp</source>
        <translation>تدرّج الألوان</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>الطريقة</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>عدد الفئات</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>التعبئة</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>الحد الخارجي</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>الحجم</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>الترميز</translation>
    </message>
    <message>
        <source>Show labels</source>
        <translation>إظهار التسميات</translation>
    </message>
    <message>
        <source>Text (field or expression)</source>
        <translation>النص (حقل أو تعبير)</translation>
    </message>
    <message>
        <source>Second line</source>
        <translation>السطر الثاني</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>Load style…</source>
        <translation>تحميل نمط…</translation>
    </message>
    <message>
        <source>Save style…</source>
        <translation>حفظ النمط…</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>قاعدة جديدة</translation>
    </message>
    <message>
        <source>Load style</source>
        <translation>تحميل نمط</translation>
    </message>
    <message>
        <source>Style files (*.json)</source>
        <translation>ملفات الأنماط (*.json)</translation>
    </message>
    <message>
        <source>Save style</source>
        <translation>حفظ النمط</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>بلا حد</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>دائرة</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>مربع</translation>
    </message>
    <message>
        <source>Triangle</source>
        <translation>مثلث</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>نجمة</translation>
    </message>
    <message>
        <source>Cross</source>
        <translation>علامة +</translation>
    </message>
    <message>
        <source>SVG icon</source>
        <translation>أيقونة SVG</translation>
    </message>
    <message>
        <source>SVG file</source>
        <translation>ملف SVG</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <source>solid (or dash and gap lengths, e.g. 4 2)</source>
        <translation>متصل (أو أطوال الشرطة والفراغ، مثل 4 2)</translation>
    </message>
    <message>
        <source>Solid</source>
        <translation>مصمت</translation>
    </message>
    <message>
        <source>No fill</source>
        <translation>بلا تعبئة</translation>
    </message>
    <message>
        <source>Horizontal hatch</source>
        <translation>تظليل أفقي</translation>
    </message>
    <message>
        <source>Vertical hatch</source>
        <translation>تظليل رأسي</translation>
    </message>
    <message>
        <source>Cross hatch</source>
        <translation>تظليل متقاطع</translation>
    </message>
    <message>
        <source>Forward diagonal hatch</source>
        <translation>تظليل قطري أمامي</translation>
    </message>
    <message>
        <source>Backward diagonal hatch</source>
        <translation>تظليل قطري خلفي</translation>
    </message>
    <message>
        <source>Diagonal cross hatch</source>
        <translation>تظليل قطري متقاطع</translation>
    </message>
    <message>
        <source>Dots</source>
        <translation>نقاط</translation>
    </message>
    <message>
        <source>Min scale</source>
        <translation>أصغر مقياس</translation>
    </message>
    <message>
        <source>Max scale</source>
        <translation>أكبر مقياس</translation>
    </message>
    <message>
        <source>Marker</source>
        <translation>الرمز النقطي</translation>
    </message>
    <message>
        <source>Line dashes</source>
        <translation>تقطيع الخط</translation>
    </message>
    <message>
        <source>Fill pattern</source>
        <translation>نمط التعبئة</translation>
    </message>
    <message>
        <source>Symbol opacity</source>
        <translation>شفافية الرمز</translation>
    </message>
    <message>
        <source>from</source>
        <translation>من</translation>
    </message>
    <message>
        <source>to</source>
        <translation>إلى</translation>
    </message>
    <message>
        <source>Layer visible at scales</source>
        <translation>الطبقة ظاهرة في المقاييس</translation>
    </message>
    <message>
        <source>Minimum scale</source>
        <translation>أصغر مقياس</translation>
    </message>
    <message>
        <source>Maximum scale</source>
        <translation>أكبر مقياس</translation>
    </message>
    <message>
        <source>Marker icon</source>
        <translation>أيقونة الرمز</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>صور SVG (*.svg)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>حسنًا</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>viewer::ToolboxPanel</name>
    <message>
        <source>Running…</source>
        <translation>جارٍ التشغيل…</translation>
    </message>
    <message>
        <source>Added the layer “%1”.</source>
        <translation>أُضيفت الطبقة «%1».</translation>
    </message>
    <message>
        <source>Cancelled: nothing was added.</source>
        <translation>أُلغي: لم يُضف شيء.</translation>
    </message>
    <message>
        <source>The analysis failed.</source>
        <translation>فشل التحليل.</translation>
    </message>
    <message>
        <source>The analysis failed:
%1</source>
        <translation>فشل التحليل:
%1</translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation>الهندسة</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>التراكب</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>التجميع</translation>
    </message>
    <message>
        <source>Raster</source>
        <translation>النقطية</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>الشبكات</translation>
    </message>
    <message>
        <source>Vector</source>
        <translation>المتجهات</translation>
    </message>
    <message>
        <source>Joins</source>
        <translation>الربط</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>التضاريس</translation>
    </message>
    <message>
        <source>The form is not complete: choose the layers and correct the expressions shown in red.</source>
        <translation>النموذج غير مكتمل: اختر الطبقات وصحّح التعبيرات المعروضة بالأحمر.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>Search algorithms</source>
        <translation>البحث في الخوارزميات</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>تشغيل</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Invalid geometries and warnings of the last run:</source>
        <translation>الهندسات غير الصالحة وتحذيرات آخر تشغيل:</translation>
    </message>
    <message>
        <source>Choose an algorithm</source>
        <translation>اختر خوارزمية</translation>
    </message>
    <message>
        <source>%1 exists. Choose it with “…” to replace it, or give another file.</source>
        <translation>%1 موجود. اختره بزر «…» لاستبداله، أو أعطِ ملفاً آخر.</translation>
    </message>
</context>
</TS>
