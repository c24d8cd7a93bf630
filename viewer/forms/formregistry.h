#pragma once

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gis/project/form.h"

namespace viewer {

class MapDocument;

/// One choice of a value relation: the stored key and its labels.
struct FormChoice {
    std::string code;
    QString labelEn;
    QString labelAr;
};

/// A layer's form as the viewer shows it: the library's prepared form (defaults, visibility, constraints) and the
/// choices of its value relations, read once from the other layers of the project.
struct LayerForm {
    std::shared_ptr<const gis::PreparedForm> prepared;
    std::map<std::string, std::vector<FormChoice>> relationChoices; ///< form field -> choices (loaded layers only)
};

/// The forms of the document's layers, prepared on first use (gis::prepareProjectForm) and kept until the project,
/// its layers or the inspector's name change. The inspector's name is a setting of the viewer (Settings ›
/// Inspector name, QSettings key "forms/inspector"), passed to the forms as the setting "inspector".
///
/// GUI thread only. Never throws: a form that does not fit its layer gives nullptr and error() says why (naming
/// the project file, the layer and the JSON path).
class FormRegistry : public QObject {
    Q_OBJECT
public:
    explicit FormRegistry(MapDocument* document, QObject* parent = nullptr);

    /// The form of layer `id`; nullptr when it has none, is not loaded, or its form is wrong (see error()).
    std::shared_ptr<const LayerForm> form(int id);
    bool hasForm(int id) const;
    QString error(int id) const;

    static QString inspectorName();
    /// Keeps the name in the settings and prepares the forms again (their "inspector" default changes).
    void setInspectorName(const QString& name);
    /// Forgets every prepared form (the next form() prepares again).
    void clear();

signals:
    void formsChanged();

private:
    MapDocument* m_doc;
    std::map<int, std::shared_ptr<const LayerForm>> m_forms;
    std::map<int, QString> m_errors;
};

} // namespace viewer
