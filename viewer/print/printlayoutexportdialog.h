#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace viewer {

/// "Export…" of the print layout window: the file (.pdf, .png, .svg), the resolution (the PNG's, and that of
/// rasters in PDF and SVG) and, for a PNG, whether to write a world file and .prj beside it. Modal, GUI thread.
class PrintLayoutExportDialog : public QDialog {
    Q_OBJECT
public:
    PrintLayoutExportDialog(const QString& path, QWidget* parent = nullptr);
    QString path() const;
    double dpi() const;
    bool worldFile() const; ///< only for .png

private:
    QLineEdit* m_path;
    QSpinBox* m_dpi;
    QCheckBox* m_worldFile;
};

} // namespace viewer
