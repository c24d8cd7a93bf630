#pragma once

#include <QDialog>

#include <vector>

#include "gis/data/editfeature.h"

class QLabel;
class QTableWidget;

namespace viewer {

/// Shows the conflicts a commit found (a feature someone else changed or deleted since it was read) with both
/// versions side by side, and lets the user keep theirs, keep mine, or merge field by field for each (when both
/// versions exist): the merge table below (object name "FieldChoices") lists, for the conflict chosen above, every
/// field whose values differ and the geometry when it differs, each with a Mine / Theirs choice. Nothing is
/// written until every conflict is decided: the caller resolves each (gis::EditSession::resolve) and commits
/// again. GUI thread.
class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    ConflictDialog(const std::vector<gis::EditConflict>& conflicts, const std::vector<gis::FieldInfo>& fields,
        QWidget* parent = nullptr);

    /// One choice per conflict, in order (KeepMine, KeepTheirs or Merge).
    std::vector<gis::ConflictResolution::Choice> choices() const;
    /// One resolution per conflict, in order: the choice, and for Merge the field-by-field choices.
    std::vector<gis::ConflictResolution> resolutions() const;
    /// Sets every choice (tests, and the "keep all mine" button).
    void setAll(gis::ConflictResolution::Choice choice);
    /// Sets one conflict's choice (Merge only when both versions exist; false when refused) and shows its fields.
    bool setChoice(int conflict, gis::ConflictResolution::Choice choice);
    /// Merge: take their value of `field` (true) or keep mine, and the same for the geometry.
    void setFieldChoice(int conflict, std::size_t field, bool theirs);
    void setGeometryChoice(int conflict, bool theirs);
    QTableWidget* table() const { return m_table; }
    /// The field-by-field table of the conflict shown (its rows: the differing fields, then "geometry").
    QTableWidget* fieldTable() const { return m_fields; }

private:
    void showFields(int conflict);

    std::vector<gis::EditConflict> m_conflicts;
    std::vector<gis::FieldInfo> m_fieldInfo;
    std::vector<gis::ConflictResolution> m_merge; ///< per conflict: takeTheirs and takeTheirsGeometry
    QTableWidget* m_table;
    QTableWidget* m_fields;
    QLabel* m_fieldsLabel;
    int m_shown = -1;
};

} // namespace viewer
