#include "formregistry.h"

#include <QSettings>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

/// The choices of a value relation, as the library reads its keys (formprepare.cpp): rows of the other layer the
/// filter accepts, the key as text, the labels from the label fields (the key when none).
std::vector<FormChoice> relationChoices(const gis::FormValueRelation& r, const gis::Layer& other)
{
    std::vector<FormChoice> out;
    const gis::AttributeTable& a = other.attributes();
    const int key = a.indexOf(r.keyField);
    if (key < 0)
        return out;
    const int en = r.labelField.empty() ? key : a.indexOf(r.labelField);
    const int ar = r.labelFieldAr.empty() ? en : a.indexOf(r.labelFieldAr);
    std::vector<std::uint32_t> rows;
    if (!r.filter.empty()) {
        rows = gis::Expression::compile(r.filter, other).filter();
    } else {
        rows.resize(other.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i] = static_cast<std::uint32_t>(i);
    }
    out.reserve(rows.size());
    for (std::uint32_t row : rows) {
        FormChoice c;
        c.code = a.column(static_cast<std::size_t>(key)).toString(row);
        c.labelEn = QString::fromStdString(a.column(static_cast<std::size_t>(en < 0 ? key : en)).toString(row));
        c.labelAr = QString::fromStdString(a.column(static_cast<std::size_t>(ar < 0 ? key : ar)).toString(row));
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

FormRegistry::FormRegistry(MapDocument* document, QObject* parent) : QObject(parent), m_doc(document)
{
    connect(m_doc, &MapDocument::projectChanged, this, &FormRegistry::clear);
    connect(m_doc, &MapDocument::layersChanged, this, &FormRegistry::clear);
}

bool FormRegistry::hasForm(int id) const
{
    const gis::ProjectLayer* l = m_doc->layer(id);
    return l && l->form != nullptr;
}

std::shared_ptr<const LayerForm> FormRegistry::form(int id)
{
    if (auto it = m_forms.find(id); it != m_forms.end())
        return it->second;
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->form || !l->available || !l->map.vector)
        return nullptr;
    std::shared_ptr<const LayerForm> result;
    try {
        auto f = std::make_shared<LayerForm>();
        f->prepared = gis::prepareProjectForm(m_doc->project(), *l, {{"inspector", inspectorName().toStdString()}});
        for (const gis::FormField& field : f->prepared->form().fields) {
            if (!field.relation)
                continue;
            for (const gis::ProjectLayer& other : m_doc->project().layers)
                if (other.map.name == field.relation->layer && other.available && other.map.vector) {
                    f->relationChoices[field.field] = relationChoices(*field.relation, *other.map.vector);
                    break;
                }
        }
        result = std::move(f);
        m_errors.erase(id);
    } catch (const gis::Error& e) {
        m_errors[id] = QString::fromStdString(e.what());
    }
    m_forms[id] = result;
    return result;
}

QString FormRegistry::error(int id) const
{
    auto it = m_errors.find(id);
    return it == m_errors.end() ? QString() : it->second;
}

QString FormRegistry::inspectorName()
{
    return QSettings().value("forms/inspector").toString();
}

void FormRegistry::setInspectorName(const QString& name)
{
    QSettings().setValue("forms/inspector", name);
    clear();
}

void FormRegistry::clear()
{
    m_forms.clear();
    m_errors.clear();
    emit formsChanged();
}

} // namespace viewer
