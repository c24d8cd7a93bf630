#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;
class QItemSelection;

namespace viewer {

class AttributeModel;
class MapDocument;

/// The attribute table panel for one layer: a virtual table (AttributeModel), a filter expression, "selected
/// only", and the selection kept in step with the map both ways (selecting rows selects the features, and a
/// selection made on the map selects the rows).
class AttributePanel : public QWidget {
    Q_OBJECT
public:
    explicit AttributePanel(MapDocument* document, QWidget* parent = nullptr);

    void setLayer(int id);
    int layerId() const { return m_layerId; }
    QTableView* view() const { return m_view; }
    AttributeModel* model() const { return m_model; }
    /// Applies a filter expression ("" clears it); false with the error shown when it does not compile.
    bool setFilter(const QString& expression);
    void setSelectedOnly(bool on);
    void retranslate();

signals:
    void zoomToSelectionRequested();
    void message(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refreshRows();
    void syncFromDocument();
    void syncToDocument();
    void updateCounts();

    MapDocument* m_doc;
    AttributeModel* m_model;
    QTableView* m_view;
    QLineEdit* m_filter;
    QCheckBox* m_selectedOnly;
    QToolButton* m_zoomSelection;
    QToolButton* m_clearSelection;
    QLabel* m_counts;
    QLabel* m_error;
    int m_layerId = -1;
    bool m_syncing = false;
    bool m_fromTable = false;
};

} // namespace viewer
