#pragma once

#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "forms/formregistry.h"
#include "gis/data/editfeature.h"
#include "gis/data/editsession.h"

class QFormLayout;
class QLabel;
class QTabWidget;

namespace viewer {

class PhotoField;
struct PhotoAccess;

/// A layer's form filled with one feature's values: a widget per form field (line or text edit, spin boxes with
/// the form's range and step, a combo box of a value map's or value relation's labels in the UI language storing
/// the code, date and date-time edits, a check box, a PhotoField for a photo field), in the form's groups (boxes)
/// and tabs. Photo fields show only when the form is given a PhotoAccess; their count rules (media.min / media.max,
/// gis::PreparedForm::mediaViolations) are checked like the others. As values change, the form asks the library (gis::PreparedForm::evaluate) which fields show and which
/// constraints break, and shows each message under its field in the UI language (hard: red, soft: amber).
///
/// Each editor's objectName is its field's name. Null values: an empty line, the blank first entry of a combo box,
/// a spin box or date edit at its minimum (shown blank). GUI thread only; never throws.
class FeatureForm : public QWidget {
    Q_OBJECT
public:
    /// `others`: the layer's current data, for unique constraints (may be null); `fid`: the feature's id in it;
    /// `photos`: the feature's attachments (null: photo fields are left out).
    FeatureForm(std::shared_ptr<const LayerForm> form, gis::EditFeature feature, bool readOnly,
        std::shared_ptr<const gis::EditSnapshot> others = nullptr, std::int64_t fid = 0,
        std::shared_ptr<const PhotoAccess> photos = nullptr, QWidget* parent = nullptr);

    /// The feature with the values the editors hold (fields outside the form keep theirs).
    gis::EditFeature feature() const;
    /// The constraints the current values break (visible fields only, as the library says).
    const std::vector<gis::FormViolation>& violations() const { return m_violations; }
    bool hasHardViolations() const;
    /// The messages of the broken hard constraints, in the UI language, one a line.
    QString hardMessages() const;
    /// The editor of a field (a PhotoField for a photo field; nullptr when the form has none).
    QWidget* editor(const QString& field) const;
    bool isFieldVisible(const QString& field) const;

    /// Text typed in a table cell or a line edit as a value of a field of that type: numbers, "YYYY-MM-DD" dates,
    /// ISO 8601 date-times; "" is null. std::nullopt when the text is not such a value.
    static std::optional<gis::FieldValue> valueFromText(gis::FieldType type, const QString& text);

signals:
    void valuesChanged();

private:
    struct Container {
        QWidget* widget = nullptr;
        QFormLayout* layout = nullptr;
        QTabWidget* lastTabs = nullptr; ///< the tab widget of the last row, for the next tab to join
    };
    struct Row {
        std::size_t formField = 0;
        int column = -1; ///< -1: a photo field (no column)
        QWidget* editor = nullptr;
        QWidget* rowWidget = nullptr;
        QLabel* message = nullptr;
        Container* container = nullptr;
    };
    struct Group {
        Container box;
        Container* parent = nullptr;
        QTabWidget* tabs = nullptr; ///< when the group is a tab
        int tabIndex = -1;
        QWidget* page = nullptr;
    };

    Container* containerOf(int group);
    QWidget* makeEditor(const gis::FormField& field, const gis::FieldInfo& info, const gis::FieldValue& value);
    gis::FieldValue editorValue(const Row& row) const;
    void evaluate();

    std::shared_ptr<const LayerForm> m_form;
    gis::EditFeature m_feature;
    bool m_readOnly;
    std::shared_ptr<const gis::EditSnapshot> m_others;
    std::int64_t m_fid;
    std::shared_ptr<const PhotoAccess> m_photos;
    bool m_arabic;
    bool m_adjustingTabs = false; ///< tabs shown, hidden or made current by the form, not by the user
    Container m_root;
    std::vector<std::unique_ptr<Group>> m_groups; ///< parallel to the form's groups; null until used
    std::vector<Row> m_rows;
    std::vector<gis::FormViolation> m_violations;
    std::vector<std::string> m_visible;
};

} // namespace viewer
