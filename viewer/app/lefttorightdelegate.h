#pragma once

#include <QStyledItemDelegate>

namespace viewer {

/// Shows and edits a column of left-to-right text (expressions such as a rule's filter `result = 'fail'`) left to
/// right in a right-to-left view. An Arabic table laid such a text out as Arabic and moved its closing quote to the
/// start ("'result = 'fail"); the text itself is not changed (no direction marks added), so it round-trips as
/// written. Set it on the view's column; GUI thread only.
class LeftToRightDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    /// Public (protected in the base) so that a test can see the direction a cell is drawn in.
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace viewer
