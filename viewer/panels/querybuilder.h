#pragma once

#include <QDialog>
#include <QTimer>

#include <memory>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QCheckBox;

namespace gis {
class Layer;
}

namespace viewer {

/// "Select by expression": the layer's fields, sample values of the chosen field, operator buttons, and the
/// number of matching features updated as the expression is typed (gis::Expression, compiled against the
/// layer; errors shown with their column).
class QueryBuilderDialog : public QDialog {
    Q_OBJECT
public:
    QueryBuilderDialog(std::shared_ptr<const gis::Layer> layer, const QString& layerName, QWidget* parent = nullptr);

    QString expression() const;
    void setExpression(const QString& text);
    bool addToSelection() const;
    /// Matches of the current expression, or -1 when it does not compile.
    long long matchCount() const { return m_matches; }

private:
    void insert(const QString& text);
    void showSamples();
    void evaluate();

    std::shared_ptr<const gis::Layer> m_layer;
    QListWidget* m_fields;
    QListWidget* m_values;
    QPlainTextEdit* m_text;
    QLabel* m_status;
    QCheckBox* m_add;
    QTimer m_timer;
    long long m_matches = -1;
};

} // namespace viewer
