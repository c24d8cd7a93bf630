// Forms (gis/project/form.h): parsing with errors that name the JSON path, preparing against a layer's fields, and
// evaluating features — a _data() table of constraint, default and visibility cases with the messages expected in
// both languages — and the EditSession hook (hard: Error, soft: Warning; unique against the session's data).

#include <QtTest>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"
#include "gis/project/form.h"
#include "gis/project/json.h"

using namespace gis;

namespace {

/// JSON written with ` for " (moc does not read raw string literals).
QString j(const char* text)
{
    return QString::fromUtf8(text).replace('`', '"');
}

const std::vector<FieldInfo> kFields = {
    {"name", FieldType::String},     // 0
    {"licence", FieldType::String},  // 1
    {"score", FieldType::Integer},   // 2
    {"ratio", FieldType::Real},      // 3
    {"result", FieldType::String},   // 4
    {"follow_up", FieldType::Date},  // 5
    {"inspected", FieldType::DateTime}, // 6
    {"ok", FieldType::Boolean},      // 7
    {"wilayat", FieldType::String},  // 8
    {"inspector", FieldType::String}, // 9
};

std::int64_t today()
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count();
    return ms / 86400000;
}

Geometry point(double x, double y)
{
    GeometryColumn c;
    c.appendPoint(x, y);
    return Geometry(std::move(c));
}

Geometry square(double x0, double y0, double x1, double y1)
{
    const auto n = [](double v) { return QString::number(v, 'g', 15).toStdString(); };
    return geometryFromWkt("POLYGON((" + n(x0) + " " + n(y0) + "," + n(x1) + " " + n(y0) + "," + n(x1) + " " + n(y1)
        + "," + n(x0) + " " + n(y1) + "," + n(x0) + " " + n(y0) + "))");
}

/// The wilayat: Nizwa around (57.5, 22.9), Bahla west of it; a "listed" flag for the value relation's filter.
std::shared_ptr<const Layer> wilayat()
{
    GeometryColumn g;
    g.append(square(57.4, 22.8, 57.6, 23.0).column(), 0);
    g.append(square(57.0, 22.8, 57.4, 23.0).column(), 0);
    g.append(square(56.0, 22.0, 56.5, 22.5).column(), 0);
    AttributeTable t;
    t.addColumn("name_en", FieldType::String);
    t.addColumn("name_ar", FieldType::String);
    t.addColumn("listed", FieldType::Integer);
    AttributeColumn& en = t.column(0);
    AttributeColumn& ar = t.column(1);
    AttributeColumn& listed = t.column(2);
    for (const auto& [e, a, l] : {std::tuple{"Nizwa", "نزوى", 1}, std::tuple{"Bahla", "بهلاء", 1},
             std::tuple{"Closed", "مغلقة", 0}}) {
        en.appendString(e);
        ar.appendString(a);
        listed.appendInteger(l);
    }
    return std::make_shared<const Layer>("wilayat", Crs::fromUserInput("EPSG:4326"), GeometryType::Polygon,
        std::move(g), std::move(t));
}

FormContext context()
{
    FormContext c;
    c.settings["inspector"] = "Salim Al-Hinai";
    c.layer = [](const std::string& name) -> std::shared_ptr<const Layer> {
        static const auto w = wilayat();
        return name == "wilayat" ? w : nullptr;
    };
    return c;
}

std::shared_ptr<const PreparedForm> prepareItems(const QString& items)
{
    const std::string itemsJson = items.toStdString();
    const Json json = parseJson("{\"items\": " + itemsJson + "}", "test");
    return PreparedForm::prepare(parseForm(json, "form"), kFields, Crs::fromUserInput("EPSG:4326"), context(), "form");
}

/// A feature from a JSON object of values by field name (dates as "YYYY-MM-DD" → days).
EditFeature featureFrom(const QString& values, Geometry geometry = point(57.5, 22.9))
{
    const std::string valuesJson = values.toStdString();
    EditFeature f;
    f.geometry = std::move(geometry);
    f.values.resize(kFields.size());
    const Json json = parseJson(valuesJson, "values");
    for (std::size_t i = 0; i < kFields.size(); ++i) {
        const auto it = json.find(kFields[i].name);
        if (it == json.end() || it->is_null())
            continue;
        if (kFields[i].type == FieldType::Date) {
            const std::string s = it->get<std::string>();
            const std::chrono::year_month_day ymd{std::chrono::year(std::stoi(s.substr(0, 4))),
                std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
            f.values[i] = std::int64_t(std::chrono::sys_days(ymd).time_since_epoch().count());
        } else if (it->is_number_integer()) {
            f.values[i] = it->get<std::int64_t>();
        } else if (it->is_number()) {
            f.values[i] = it->get<double>();
        } else if (it->is_boolean()) {
            f.values[i] = std::int64_t(it->get<bool>() ? 1 : 0);
        } else {
            f.values[i] = it->get<std::string>();
        }
    }
    return f;
}

QStringList violationStrings(const std::vector<FormViolation>& violations)
{
    QStringList out;
    for (const FormViolation& v : violations)
        out << QString::fromStdString(v.field + "|" + (v.hard ? "hard" : "soft") + "|" + v.message.en + "|"
                + v.message.ar);
    return out;
}

} // namespace

class TestForm : public QObject {
    Q_OBJECT

private slots:
    void constraints_data()
    {
        QTest::addColumn<QString>("items");
        QTest::addColumn<QString>("values");
        QTest::addColumn<QStringList>("expected"); // field|hard/soft|English|Arabic

        const QString notNull = j("[{`field`: `name`, `label_en`: `Establishment`, `label_ar`: `المنشأة`, `constraints`: [{`type`: `not_null`}]}]");
        QTest::newRow("not null: missing") << notNull << "{}"
            << QStringList{QString::fromUtf8("name|hard|Establishment is required|الحقل «المنشأة» مطلوب")};
        QTest::newRow("not null: empty text") << notNull << j("{`name`: ``}")
            << QStringList{QString::fromUtf8("name|hard|Establishment is required|الحقل «المنشأة» مطلوب")};
        QTest::newRow("not null: given") << notNull << j("{`name`: `Al Noor bakery`}") << QStringList{};

        const QString regex = j("[{`field`: `licence`, `constraints`: [{`type`: `regex`, `pattern`: `HL-[0-9]{5}`, `hard`: false, `message_en`: `Licence numbers look like HL-01234`, `message_ar`: `رقم الترخيص بصيغة HL-01234`}]}]");
        QTest::newRow("regex: soft, own messages") << regex << j("{`licence`: `HL-12`}")
            << QStringList{QString::fromUtf8("licence|soft|Licence numbers look like HL-01234|رقم الترخيص بصيغة HL-01234")};
        QTest::newRow("regex: whole text must match") << regex << j("{`licence`: `xHL-12345`}")
            << QStringList{QString::fromUtf8("licence|soft|Licence numbers look like HL-01234|رقم الترخيص بصيغة HL-01234")};
        QTest::newRow("regex: matches") << regex << j("{`licence`: `HL-12345`}") << QStringList{};
        QTest::newRow("regex: null is not checked") << regex << "{}" << QStringList{};

        const QString range = j("[{`field`: `score`, `label_en`: `Score`, `label_ar`: `الدرجة`, `constraints`: [{`type`: `range`, `min`: 0, `max`: 100}]}]");
        QTest::newRow("range: above") << range << j("{`score`: 101}")
            << QStringList{QString::fromUtf8("score|hard|Score must be between 0 and 100|قيمة «الدرجة» خارج المدى 0–100")};
        QTest::newRow("range: edges") << range << j("{`score`: 100}") << QStringList{};
        QTest::newRow("widget range: decimal") << j("[{`field`: `ratio`, `widget`: `decimal`, `min`: 0, `max`: 1, `step`: 0.1}]")
            << j("{`ratio`: 1.5}")
            << QStringList{QString::fromUtf8("ratio|hard|ratio must be between 0 and 1|قيمة «ratio» يجب أن تكون بين 0 و1")};
        QTest::newRow("widget range: integer, min only") << j("[{`field`: `score`, `widget`: `integer`, `min`: 10}]")
            << j("{`score`: 5}")
            << QStringList{QString::fromUtf8("score|hard|score must be at least 10|قيمة «score» يجب ألا تقل عن 10")};

        const QString valueMap = j("[{`field`: `result`, `widget`: `value_map`, `label_en`: `Result`, `label_ar`: `النتيجة`, `values`: [{`code`: `pass`, `label_en`: `Pass`, `label_ar`: `ناجح`}, {`code`: `fail`, `label_en`: `Fail`, `label_ar`: `راسب`}]}]");
        QTest::newRow("value map: listed") << valueMap << j("{`result`: `pass`}") << QStringList{};
        QTest::newRow("value map: not listed") << valueMap << j("{`result`: `maybe`}")
            << QStringList{QString::fromUtf8("result|hard|Result is not one of the listed values: maybe|قيمة «النتيجة» ليست من القائمة: maybe")};
        const QString relation = j("[{`field`: `wilayat`, `widget`: `value_relation`, `relation`: {`layer`: `wilayat`, `key`: `name_en`, `label_ar`: `name_ar`, `filter`: `listed = 1`}}]");
        QTest::newRow("value relation: listed") << relation << j("{`wilayat`: `Bahla`}") << QStringList{};
        QTest::newRow("value relation: filtered out") << relation << j("{`wilayat`: `Closed`}")
            << QStringList{QString::fromUtf8("wilayat|hard|wilayat is not one of the listed values: Closed|قيمة «wilayat» ليست من القائمة: Closed")};

        // The health inspection's rule: a follow-up date is required when the result is not a pass.
        const QString followUp = j("[{`field`: `result`}, {`field`: `follow_up`, `widget`: `date`, `constraints`: [{`type`: `expression`, `expression`: `result = 'pass' OR follow_up IS NOT NULL`, `message_en`: `A follow-up date is required when the inspection is not passed`, `message_ar`: `تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش`}]}]");
        QTest::newRow("expression: fail without follow-up") << followUp << j("{`result`: `fail`}")
            << QStringList{QString::fromUtf8("follow_up|hard|A follow-up date is required when the inspection is not passed|تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش")};
        QTest::newRow("expression: fail with follow-up") << followUp << j("{`result`: `fail`, `follow_up`: `2026-12-20`}")
            << QStringList{};
        QTest::newRow("expression: pass") << followUp << j("{`result`: `pass`}") << QStringList{};
        QTest::newRow("expression: null result breaks it") << followUp << "{}"
            << QStringList{QString::fromUtf8("follow_up|hard|A follow-up date is required when the inspection is not passed|تاريخ المتابعة مطلوب إذا لم تنجح المنشأة في التفتيش")};

        // Hidden fields are not asked for, so they are not checked.
        const QString hidden = j("[{`field`: `result`}, {`field`: `follow_up`, `widget`: `date`, `visible`: `result <> 'pass'`, `constraints`: [{`type`: `not_null`, `message_en`: `Follow-up date?`, `message_ar`: `تاريخ المتابعة؟`}]}]");
        QTest::newRow("visibility: hidden, not checked") << hidden << j("{`result`: `pass`}") << QStringList{};
        QTest::newRow("visibility: shown, checked") << hidden << j("{`result`: `fail`}")
            << QStringList{QString::fromUtf8("follow_up|hard|Follow-up date?|تاريخ المتابعة؟")};
        const QString group = j("[{`field`: `result`}, {`group`: `fail`, `visible`: `result = 'fail'`, `tab`: true, `items`: [{`field`: `name`, `constraints`: [{`type`: `not_null`, `hard`: false}]}]}]");
        QTest::newRow("visibility: group hides its fields") << group << j("{`result`: `pass`}") << QStringList{};
        QTest::newRow("visibility: group shown") << group << j("{`result`: `fail`}")
            << QStringList{QString::fromUtf8("name|soft|name is required|الحقل «name» مطلوب")};
        QTest::newRow("two rules broken, in form order") << j("[{`field`: `name`, `constraints`: [{`type`: `not_null`}]}, {`field`: `score`, `constraints`: [{`type`: `range`, `max`: 5, `hard`: false, `message_en`: `high`, `message_ar`: `مرتفع`}]}]")
            << j("{`score`: 9}")
            << QStringList{QString::fromUtf8("name|hard|name is required|الحقل «name» مطلوب"),
                   QString::fromUtf8("score|soft|high|مرتفع")};
    }

    void constraints()
    {
        QFETCH(QString, items);
        QFETCH(QString, values);
        QFETCH(QStringList, expected);
        const auto form = prepareItems(items);
        const FormEvaluation e = form->evaluate(featureFrom(values), 7);
        QCOMPARE(violationStrings(e.violations), expected);
        for (const FormViolation& v : e.violations)
            QCOMPARE(v.fid, std::int64_t(7));
    }

    void defaults_data()
    {
        QTest::addColumn<QString>("items");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected"); // the default as text (valueText); "" for null
        const std::string d = std::to_string(today());
        QTest::newRow("today()") << j("[{`field`: `follow_up`, `widget`: `date`, `default`: `today()`}]") << "follow_up"
                                 << QString::fromStdString(d);
        QTest::newRow("$x") << j("[{`field`: `ratio`, `default`: `$x`}]") << "ratio" << "57.5";
        QTest::newRow("$y into text") << j("[{`field`: `name`, `default`: `$y`}]") << "name" << "22.9";
        QTest::newRow("expression over fields") << j("[{`field`: `name`, `default`: `concat('HL-', score * 2)`}]")
                                                << "name" << "HL-42";
        QTest::newRow("setting") << j("[{`field`: `inspector`, `default`: {`setting`: `inspector`}}]") << "inspector"
                                 << "Salim Al-Hinai";
        QTest::newRow("setting not given") << j("[{`field`: `inspector`, `default`: {`setting`: `team`}}]") << "inspector"
                                           << "";
        QTest::newRow("containing wilaya") << j("[{`field`: `wilayat`, `default`: {`containing`: {`layer`: `wilayat`, `field`: `name_en`}}}]")
                                           << "wilayat" << "Nizwa";
        QTest::newRow("containing, Arabic") << j("[{`field`: `wilayat`, `default`: {`containing`: {`layer`: `wilayat`, `field`: `name_ar`}}}]")
                                            << "wilayat" << QString::fromUtf8("نزوى");
    }

    void defaults()
    {
        QFETCH(QString, items);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const auto form = prepareItems(items);
        const FormEvaluation e = form->evaluate(featureFrom(j("{`score`: 21}")));
        QVERIFY(e.defaults.count(field.toStdString()));
        const FieldValue& v = e.defaults.at(field.toStdString());
        std::string text;
        if (const auto* i = std::get_if<std::int64_t>(&v))
            text = std::to_string(*i);
        else if (const auto* r = std::get_if<double>(&v))
            text = QString::number(*r, 'g', 15).toStdString();
        else if (const auto* s = std::get_if<std::string>(&v))
            text = *s;
        QCOMPARE(QString::fromStdString(text), expected);
    }

    void applyDefaultsFillsOnlyNulls()
    {
        const auto form = prepareItems(j("[{`field`: `inspector`, `default`: {`setting`: `inspector`}}, {`field`: `name`, `default`: `concat('by ', inspector)`}, {`field`: `inspected`, `widget`: `datetime`, `default`: `now()`}, {`field`: `wilayat`, `default`: {`containing`: {`layer`: `wilayat`, `field`: `name_en`}}}]"));
        EditFeature f = featureFrom(j("{`wilayat`: `Bahla`}"));
        const auto set = form->applyDefaults(f);
        QCOMPARE(set, (std::vector<std::string>{"inspector", "name", "inspected"}));
        QCOMPARE(std::get<std::string>(f.values[9]), std::string("Salim Al-Hinai"));
        QCOMPARE(std::get<std::string>(f.values[0]), std::string("by Salim Al-Hinai")); // sees the default before it
        QCOMPARE(std::get<std::string>(f.values[8]), std::string("Bahla")); // given: kept
        QVERIFY(std::abs(std::get<std::int64_t>(f.values[6]) / 86400000 - today()) <= 1);
    }

    void visibleFieldsInFormOrder()
    {
        const auto form = prepareItems(j("[{`field`: `result`}, {`group`: `outer`, `items`: [{`field`: `name`}, {`group`: `inner`, `visible`: `result = 'fail'`, `items`: [{`field`: `follow_up`, `widget`: `date`}]}, {`field`: `score`, `visible`: `result IS NOT NULL`}]}]"));
        QCOMPARE(form->evaluate(featureFrom(j("{`result`: `fail`}"))).visibleFields,
            (std::vector<std::string>{"result", "name", "follow_up", "score"}));
        QCOMPARE(form->evaluate(featureFrom(j("{`result`: `pass`}"))).visibleFields,
            (std::vector<std::string>{"result", "name", "score"}));
        QCOMPARE(form->evaluate(featureFrom("{}")).visibleFields, (std::vector<std::string>{"result", "name"}));
        QCOMPARE(form->form().groups.size(), std::size_t(2));
        QCOMPARE(form->form().groups[1].parent, 0);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << j("{`items`: [{`field`: `name`, `colour`: 1}]}")
            << j("form.items[0].colour: unknown key");
        QTest::newRow("bad widget") << j("{`items`: [{`field`: `name`, `widget`: `slider`}]}")
            << j("form.items[0].widget: `slider` is not one of");
        QTest::newRow("bad constraint type") << j("{`items`: [{`group`: `g`, `items`: [{`field`: `name`, `constraints`: [{`type`: `often`}]}]}]}")
            << j("form.items[0].items[0].constraints[0].type");
        QTest::newRow("value map without values") << j("{`items`: [{`field`: `result`, `widget`: `value_map`}]}")
            << j("form.items[0]: a value_map widget needs `values`");
        QTest::newRow("range without bounds") << j("{`items`: [{`field`: `score`, `constraints`: [{`type`: `range`}]}]}")
            << j("form.items[0].constraints[0]: a range constraint needs");
        QTest::newRow("no fields") << j("{`items`: []}") << "form.items: a form needs at least one field";
        QTest::newRow("duplicate field") << j("{`items`: [{`field`: `name`}, {`field`: `name`}]}")
            << j("form.items[1].field: field `name` is already in the form");
        QTest::newRow("min above max") << j("{`items`: [{`field`: `score`, `widget`: `integer`, `min`: 5, `max`: 1}]}")
            << "form.items[0].max: max is below min";
        QString deep = j("{`field`: `name`}");
        for (int i = 0; i < 10; ++i)
            deep = j("{`group`: `g`, `items`: [") + deep + "]}";
        QTest::newRow("groups too deep") << (j("{`items`: [") + deep + "]}")
                                         << "groups nest deeper than 8 levels";
    }

    void parseErrors()
    {
        QFETCH(QString, form);
        QFETCH(QString, message);
        try {
            parseForm(parseJson(form.toStdString(), "test"), "form");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            QCOMPARE(e.code(), ErrorCode::Format);
        }
    }

    void prepareErrors_data()
    {
        QTest::addColumn<QString>("items");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field") << j("[{`field`: `nmae`}]") << j("form.items[0].field: the layer has no field `nmae`");
        QTest::newRow("widget and type") << j("[{`field`: `name`, `widget`: `decimal`}]")
            << j("form.items[0].widget: a decimal widget cannot edit the string field `name`");
        QTest::newRow("misspelt field in visible") << j("[{`group`: `g`, `items`: [{`field`: `name`, `visible`: `reslt = 'x'`}]}]")
            << j("form.items[0].items[0].visible: unknown field `reslt`");
        QTest::newRow("bad regex") << j("[{`field`: `name`, `constraints`: [{`type`: `regex`, `pattern`: `([`}]}]")
            << "form.items[0].constraints[0].pattern: not a regular expression";
        QTest::newRow("relation key") << j("[{`field`: `wilayat`, `widget`: `value_relation`, `relation`: {`layer`: `wilayat`, `key`: `code`}}]")
            << j("form.items[0].relation.key: layer `wilayat` has no field `code`");
        QTest::newRow("range on text") << j("[{`field`: `name`, `constraints`: [{`type`: `range`, `min`: 1}]}]")
            << "form.items[0].constraints[0]: a range constraint needs a number field";
    }

    void prepareErrors()
    {
        QFETCH(QString, items);
        QFETCH(QString, message);
        try {
            prepareItems(items);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void validatorHooksIntoEditSession()
    {
        const auto form = prepareItems(j("[{`field`: `name`, `constraints`: [{`type`: `not_null`}]}, {`field`: `licence`, `constraints`: [{`type`: `unique`, `message_en`: `licence taken`, `message_ar`: `الترخيص مستخدم`}, {`type`: `regex`, `pattern`: `HL-[0-9]+`, `hard`: false, `message_en`: `format`, `message_ar`: `الصيغة`}]}]"));
        // A layer of two features with licences HL-1 and HL-2.
        GeometryColumn g;
        g.appendPoint(57.5, 22.9);
        g.appendPoint(57.1, 22.9);
        AttributeTable t;
        for (const FieldInfo& f : kFields)
            t.addColumn(f.name, f.type);
        for (int row = 0; row < 2; ++row)
            for (std::size_t i = 0; i < kFields.size(); ++i) {
                AttributeColumn& c = t.column(i);
                if (i == 0)
                    c.appendString("shop");
                else if (i == 1)
                    c.appendString(row == 0 ? "HL-1" : "HL-2");
                else
                    c.appendNull();
            }
        auto base = std::make_shared<const Layer>("inspections", Crs::fromUserInput("EPSG:4326"), GeometryType::Point,
            std::move(g), std::move(t), std::vector<std::int64_t>{1, 2});
        EditSession session(base);
        session.addValidator(form->validator([&session] { return session.snapshot(); }, "both"));
        QVERIFY(session.issues().empty());

        std::vector<EditIssue> issues;
        const std::int64_t fid = session.insert(featureFrom(j("{`licence`: `HL-2`}")), &issues);
        QCOMPARE(issues.size(), std::size_t(2));
        QCOMPARE(issues[0].severity, EditIssue::Severity::Error);
        QCOMPARE(issues[0].field, std::string("name"));
        QCOMPARE(QString::fromStdString(issues[0].message), QString::fromUtf8("name is required / الحقل «name» مطلوب"));
        QCOMPARE(issues[1].field, std::string("licence"));
        QCOMPARE(QString::fromStdString(issues[1].message), QString::fromUtf8("licence taken / الترخيص مستخدم"));
        QCOMPARE(issues[0].fid, fid);

        session.setAttribute(fid, 0, std::string("bakery"));
        session.setAttribute(fid, 1, std::string("X-3"));
        const auto now = session.issues();
        QCOMPARE(now.size(), std::size_t(1));
        QCOMPARE(now[0].severity, EditIssue::Severity::Warning);
        QCOMPARE(now[0].message, std::string("format / الصيغة"));

        // Unique against the edited data: the stored feature 2 takes HL-9, then the new one may not.
        session.setAttribute(2, 1, std::string("HL-9"));
        session.setAttribute(fid, 1, std::string("HL-2")); // free now
        QVERIFY(session.issues().empty());
        session.setAttribute(fid, 1, std::string("HL-9"));
        const auto clash = session.issues();
        QCOMPARE(clash.size(), std::size_t(2)); // both features holding HL-9
        for (const EditIssue& i : clash)
            QCOMPARE(i.severity, EditIssue::Severity::Error);
    }

    void validateLayerListsEveryRow()
    {
        const auto form = prepareItems(j("[{`field`: `licence`, `constraints`: [{`type`: `unique`}, {`type`: `not_null`}]}]"));
        GeometryColumn g;
        AttributeTable t;
        for (const FieldInfo& f : kFields)
            t.addColumn(f.name, f.type);
        const char* licences[] = {"A", "B", "A", nullptr, "C"};
        for (const char* l : licences) {
            g.appendPoint(57.5, 22.9);
            for (std::size_t i = 0; i < kFields.size(); ++i)
                if (i == 1 && l)
                    t.column(i).appendString(l);
                else
                    t.column(i).appendNull();
        }
        const Layer layer("l", Crs::fromUserInput("EPSG:4326"), GeometryType::Point, std::move(g), std::move(t), {}, {}, 10);
        const auto v = form->validateLayer(layer);
        QCOMPARE(v.size(), std::size_t(3));
        QCOMPARE(v[0].fid, std::int64_t(10));
        QCOMPARE(v[0].kind, FormConstraint::Kind::Unique);
        QCOMPARE(v[1].fid, std::int64_t(12));
        QCOMPARE(v[2].fid, std::int64_t(13));
        QCOMPARE(v[2].kind, FormConstraint::Kind::NotNull);
    }

    void keepsTheJsonAsRead()
    {
        const Json json = parseJson(j("{`title_en`: `Health`, `items`: [{`field`: `name`, `label_ar`: `الاسم`}]}").toStdString(), "t");
        const Form form = parseForm(json, "form");
        QCOMPARE(form.json, json);
        QCOMPARE(form.title.en, std::string("Health"));
        QCOMPARE(form.fields[0].label.ar, std::string("الاسم"));
    }
};

QTEST_MAIN(TestForm)
#include "tst_form.moc"
