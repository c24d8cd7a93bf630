#include "lefttorightdelegate.h"

#include <QWidget>

namespace viewer {

QWidget* LeftToRightDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem ltr = option;
    ltr.direction = Qt::LeftToRight;
    QWidget* editor = QStyledItemDelegate::createEditor(parent, ltr, index);
    if (editor)
        editor->setLayoutDirection(Qt::LeftToRight);
    return editor;
}

void LeftToRightDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->direction = Qt::LeftToRight; // the text is laid out and aligned as code reads
}

} // namespace viewer
