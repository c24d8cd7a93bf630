#pragma once

#include <QDialog>

#include <vector>

#include "gis/data/editfeature.h"

class QTableWidget;

namespace viewer {

/// Shows the conflicts a commit found (a feature someone else changed or deleted since it was read) with both
/// versions side by side, and lets the user keep theirs or keep mine for each. Nothing is written until every
/// conflict is decided: the caller resolves each (gis::EditSession::resolve) and commits again. GUI thread.
class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    ConflictDialog(const std::vector<gis::EditConflict>& conflicts, const std::vector<gis::FieldInfo>& fields,
        QWidget* parent = nullptr);

    /// One choice per conflict, in order (KeepMine or KeepTheirs).
    std::vector<gis::ConflictResolution::Choice> choices() const;
    /// Sets every choice (tests, and the "keep all mine" button).
    void setAll(gis::ConflictResolution::Choice choice);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace viewer
