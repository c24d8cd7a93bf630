// ParameterValues::bind, the one check of every algorithm's parameters (CLI, viewer, services): a table of values
// of each parameter type, accepted or refused with the message a user needs (the parameter, the value, why, and
// "did you mean" for a misspelt name, choice or field).

#include <QtTest>

#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"

using namespace gis;
using analysis::Parameter;
using analysis::ParameterType;

namespace {

analysis::AlgorithmInfo schema()
{
    analysis::AlgorithmInfo info;
    info.id = "test";
    auto add = [&](const char* name, ParameterType type) -> Parameter& {
        info.parameters.push_back(Parameter::make(name, type, name, name, std::string("the ") + name, name));
        return info.parameters.back();
    };
    Parameter& distance = add("distance", ParameterType::Number);
    distance.minimum = 0;
    distance.maximum = 100000;
    distance.unit = "m";
    distance.required = true;
    Parameter& rings = add("rings", ParameterType::Integer);
    rings.minimum = 1;
    rings.maximum = 100;
    rings.defaultValue = "1";
    add("dissolve", ParameterType::Boolean);
    add("label", ParameterType::Text);
    Parameter& cap = add("cap", ParameterType::Choice);
    cap.choices = {"round", "flat", "square"};
    cap.defaultValue = "round";
    Parameter& stats = add("stats", ParameterType::Choices);
    stats.choices = {"count", "sum", "mean", "min", "max"};
    add("by", ParameterType::Fields);
    add("weight", ParameterType::Field);
    add("value", ParameterType::Expression);
    Parameter& other = add("other-field", ParameterType::Field);
    other.fieldOf = analysis::FieldSource::Overlay;
    return info;
}

std::shared_ptr<const Layer> layer()
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("name_en", FieldType::String).appendString("Nizwa");
    attributes.addColumn("population", FieldType::Integer).appendInteger(100000);
    geometries.appendPoint(57.53, 22.93);
    attributes.setRowCount(1);
    return std::make_shared<const Layer>("wilayat", Crs::fromEpsg(4326), GeometryType::Point, std::move(geometries),
        std::move(attributes));
}

} // namespace

class TestParameters : public QObject {
    Q_OBJECT

private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("stored");
        QTest::newRow("number") << "distance" << "500" << "500";
        QTest::newRow("number with blanks") << "distance" << " 2.5e3 " << "2.5e3";
        QTest::newRow("number at the maximum") << "distance" << "100000" << "100000";
        QTest::newRow("integer") << "rings" << "3" << "3";
        QTest::newRow("boolean yes") << "dissolve" << "yes" << "yes";
        QTest::newRow("text keeps blanks") << "label" << " a b " << " a b ";
        QTest::newRow("choice") << "cap" << "flat" << "flat";
        QTest::newRow("choices") << "stats" << "mean, max" << "mean, max";
        QTest::newRow("no fields") << "by" << "" << "";
        QTest::newRow("fields") << "by" << "name_en,population" << "name_en,population";
        QTest::newRow("field, another case") << "weight" << "Population" << "Population";
        QTest::newRow("expression") << "value" << "population / 1000 + 1" << "population / 1000 + 1";
    }

    void accepted()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, stored);
        std::map<std::string, std::string> given{{"distance", "1"}};
        given[name.toStdString()] = value.toStdString();
        const auto values = analysis::ParameterValues::bind(schema(), given, *layer());
        QCOMPARE(QString::fromStdString(values.text(name.toStdString())), stored);
    }

    void defaults()
    {
        const auto values = analysis::ParameterValues::bind(schema(), {{"distance", "10"}}, *layer());
        QCOMPARE(values.integer("rings"), std::int64_t(1));
        QCOMPARE(QString::fromStdString(values.text("cap")), QString("round"));
        QVERIFY(!values.has("dissolve"));
        QVERIFY(!values.boolean("dissolve"));
        QCOMPARE(values.number("distance"), 10.0);
        QCOMPARE(values.values().size(), std::size_t(3)); // distance, rings, cap: what provenance keeps
        const auto listed = analysis::ParameterValues::bind(schema(), {{"distance", "1"}, {"stats", " sum ,count"}}, *layer());
        QCOMPARE(listed.list("stats"), (std::vector<std::string>{"sum", "count"}));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown parameter") << "distanse" << "1" << "unknown parameter --distanse — did you mean \"distance\"?";
        QTest::newRow("not a number") << "distance" << "500m" << "--distance \"500m\": not a number";
        QTest::newRow("infinite") << "distance" << "inf" << "--distance \"inf\": not a number";
        QTest::newRow("below the minimum") << "distance" << "-1" << "--distance \"-1\": outside 0..100000 m";
        QTest::newRow("not whole") << "rings" << "2.5" << "--rings \"2.5\": not a whole number";
        QTest::newRow("empty number") << "rings" << "" << "--rings \"\": empty";
        QTest::newRow("not a boolean") << "dissolve" << "maybe" << "--dissolve \"maybe\": not true or false";
        QTest::newRow("choice") << "cap" << "rund" << "not one of: round, flat, square — did you mean \"round\"?";
        QTest::newRow("choices") << "stats" << "mean,avg" << "\"avg\" is not one of: count, sum, mean, min, max";
        QTest::newRow("field") << "weight" << "populaton"
                               << "--weight: unknown field \"populaton\" in layer \"wilayat\" — did you mean \"population\"?";
        QTest::newRow("one of the fields") << "by" << "name_en,nme_ar" << "unknown field \"nme_ar\"";
        QTest::newRow("expression") << "value" << "popluation * 2" << "--value: unknown field \"popluation\"";
        QTest::newRow("overlay field without overlay") << "other-field" << "x"
                                                       << "names a field of the overlay layer, and there is none";
    }

    void refused()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        std::map<std::string, std::string> given{{"distance", "1"}};
        given[name.toStdString()] = value.toStdString();
        try {
            (void)analysis::ParameterValues::bind(schema(), given, *layer());
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).startsWith("test: "), e.what());
        }
    }

    void requiredIsRequired()
    {
        try {
            (void)analysis::ParameterValues::bind(schema(), {}, *layer());
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("--distance is required (the distance)"), e.what());
        }
    }

    void invalidPolicyNames()
    {
        QCOMPARE(analysis::invalidPolicyFromName("skip"), analysis::InvalidPolicy::Skip);
        QCOMPARE(analysis::invalidPolicyFromName("repair"), analysis::InvalidPolicy::Repair);
        QCOMPARE(QString::fromStdString(std::string(analysis::invalidPolicyName(analysis::InvalidPolicy::Stop))), QString("stop"));
        QVERIFY_THROWS_EXCEPTION(Error, analysis::invalidPolicyFromName("ignore"));
    }
};

QTEST_GUILESS_MAIN(TestParameters)
#include "tst_parameters.moc"
