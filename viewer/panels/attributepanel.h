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
class EditController;
class FormRegistry;
class MapDocument;

/// The attribute table panel for one layer: a virtual table (AttributeModel), a filter expression, "selected
/// only", and the selection kept in step with the map both ways (selecting rows selects the features, and a
/// selection made on the map selects the rows). While the layer is in edit mode the cells are edited through its
/// edit session (one undo step each) with the layer form's rules: an edit that breaks a hard constraint is refused
/// with its message, one that breaks a soft constraint is made with a warning.
class AttributePanel : public QWidget {
    Q_OBJECT
public:
    explicit AttributePanel(MapDocument* document, QWidget* parent = nullptr);

    void setLayer(int id);
    int layerId() const { return m_layerId; }
    QTableView* view() const { return m_view; }
    /// Tall enough for the filter bar and kDefaultRows rows under the header (the dock opens at this height).
    QSize sizeHint() const override;
    static constexpr int kDefaultRows = 10;
    AttributeModel* model() const { return m_model; }
    /// Applies a filter expression ("" clears it); false with the error shown when it does not compile.
    bool setFilter(const QString& expression);
    void setSelectedOnly(bool on);
    /// Edits cells of layers in edit mode through `edits`, checked with the forms of `forms`.
    void setEditing(EditController* edits, FormRegistry* forms);
    /// The message of the last cell edit refused or warned about ("" when the last one was clean).
    QString editMessage() const { return m_editMessage; }
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
    void updateEditable();
    void layerDataChanged(int id);
    bool editCell(std::uint32_t row, int column, const QString& text);

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
    EditController* m_edits = nullptr;
    FormRegistry* m_forms = nullptr;
    QString m_editMessage;
};

} // namespace viewer
