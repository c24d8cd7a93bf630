#pragma once

#include <QDialog>
#include <QSize>

class QLineEdit;
class QSpinBox;

namespace viewer {

/// "Export map": a PNG, PDF or SVG of the current view at a chosen size and resolution.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(QSize viewSize, const QString& folder, QWidget* parent = nullptr);
    QString path() const;
    QSize size() const;
    double dpi() const;

private:
    QLineEdit* m_path;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QSpinBox* m_dpi;
};

} // namespace viewer
