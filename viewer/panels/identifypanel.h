#pragma once

#include <QWidget>

#include <functional>
#include <vector>

#include "map/maptools.h"

class QComboBox;
class QScrollArea;
class QTreeWidget;

namespace gis {
class EditSession;
} // namespace gis

namespace viewer {

class FeatureForm;
class FormRegistry;
class MapDocument;

/// The identify panel: the attributes of the features under the last click, grouped by layer. When the first
/// feature's layer has a form, that form shows above the list, read-only, filled with the feature's values.
class IdentifyPanel : public QWidget {
    Q_OBJECT
public:
    IdentifyPanel(MapDocument* document, MapTools* tools, QWidget* parent = nullptr);
    void showHits(const std::vector<IdentifyHit>& hits);
    /// Where the layers' forms come from (none: the list only).
    void setForms(FormRegistry* forms);
    /// The edit session of a layer in edit mode (nullptr otherwise): the form's photos then include those not
    /// committed yet. Without it the photos are read from the GeoPackage.
    void setSessions(std::function<gis::EditSession*(int layerId)> sessions) { m_sessions = std::move(sessions); }
    /// The read-only form of the first feature listed; nullptr when its layer has no form.
    FeatureForm* form() const { return m_form; }
    QTreeWidget* tree() const { return m_tree; }
    /// The value shown for `field` of the first feature listed ("" when none).
    QString firstValue(const QString& field) const;
    void retranslate();

protected:
    void changeEvent(QEvent* event) override;

private:
    MapDocument* m_doc;
    MapTools* m_tools;
    QComboBox* m_scope;
    QTreeWidget* m_tree;
    QScrollArea* m_formArea;
    FeatureForm* m_form = nullptr;
    FormRegistry* m_forms = nullptr;
    std::vector<IdentifyHit> m_hits;
    std::function<gis::EditSession*(int layerId)> m_sessions;
};

} // namespace viewer
