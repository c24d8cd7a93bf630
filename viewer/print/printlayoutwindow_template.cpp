// PrintLayoutWindow: choosing the template (the named ones, or any .json file) and showing or hiding its items.

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QSpinBox>

#include <algorithm>
#include <map>
#include <set>

#include "app/bidi.h"
#include "app/language.h"
#include "gis/core/error.h"
#include "gis/layout/layoutfile.h"
#include "map/mapdocument.h"
#include "print/printlayoutcontent.h"
#include "print/printlayoutwindow.h"

namespace viewer {

namespace {

const char* kOther = "\x01other"; // the template chooser's "Other…" entry

const char* typeName(gis::LayoutItem::Kind kind)
{
    using K = gis::LayoutItem::Kind;
    switch (kind) {
    case K::Map: return "map";
    case K::Title: return "title";
    case K::Legend: return "legend";
    case K::ScaleBar: return "scale_bar";
    case K::NorthArrow: return "north_arrow";
    case K::Text: return "text";
    case K::Inset: return "inset";
    case K::Image: return "image";
    }
    return "item";
}

std::string itemId(const gis::LayoutItem& item)
{
    return item.id.empty() ? typeName(item.kind) : item.id;
}

} // namespace

void PrintLayoutWindow::fillTemplates()
{
    QSignalBlocker block(m_template);
    const QString current = m_templatePath;
    // Files chosen with "Other…" stay listed.
    QStringList others;
    for (int i = 0; i < m_template->count(); ++i)
        if (m_template->itemData(i).toString().endsWith(".json"))
            others << m_template->itemData(i).toString();
    m_template->clear();
    const auto language = [this](const QString& l) { return l == "ar" ? tr("Arabic") : l == "en" ? tr("English") : l; };
    for (const auto& name : gis::availableLayoutTemplates(m_doc->projectPath().toStdString())) {
        const QString n = QString::fromStdString(name);
        const QStringList parts = n.split('-');
        QString text = n;
        if (parts.size() == 3 && (parts[1] == "landscape" || parts[1] == "portrait"))
            text = tr("%1 %2 (%3)").arg(parts[0].toUpper(), parts[1] == "landscape" ? tr("landscape") : tr("portrait"), language(parts[2]));
        m_template->addItem(text, n);
    }
    for (const QString& path : others)
        m_template->addItem(QFileInfo(path).fileName(), path);
    m_template->addItem(tr("Other…"), QString::fromLatin1(kOther));
    for (int i = 0; i < m_template->count() - 1; ++i) {
        const QString data = m_template->itemData(i).toString();
        if (!current.isEmpty() && (data == current || current.endsWith("/" + data + ".json")))
            m_template->setCurrentIndex(i);
    }
}

void PrintLayoutWindow::onTemplateActivated(int index)
{
    QString choice = m_template->itemData(index).toString();
    if (choice == QLatin1String(kOther)) {
        choice = QFileDialog::getOpenFileName(this, tr("Layout template"), QFileInfo(m_templatePath).absolutePath(),
            tr("Layout templates (*.json)"));
        if (choice.isEmpty()) {
            fillTemplates(); // back to the template in use
            return;
        }
    }
    setTemplate(choice);
}

bool PrintLayoutWindow::setTemplate(const QString& nameOrPath)
{
    gis::Layout layout;
    std::string path;
    try {
        path = gis::findLayoutTemplate(nameOrPath.toStdString(), currentLanguage().toStdString(), m_doc->projectPath().toStdString());
        layout = gis::readLayoutFile(path);
    } catch (const gis::Error& e) {
        report(tr("Could not read the layout template:\n%1").arg(ltr(QString::fromUtf8(e.what()))));
        fillTemplates();
        return false;
    }
    const gis::Layout previous = std::move(m_layout);
    m_layout = std::move(layout);
    m_templatePath = QString::fromStdString(path);
    if (nameOrPath.endsWith(".json") && m_template->findData(nameOrPath) < 0)
        m_template->insertItem(m_template->count() - 1, QFileInfo(nameOrPath).fileName(), nameOrPath);
    fillTemplates();
    for (const auto& item : m_layout.items)
        if (item.kind == gis::LayoutItem::Kind::Map && item.scale > 0) { // the template fixes the scale
            QSignalBlocker block(m_scale);
            m_scale->setValue(static_cast<int>(std::clamp(item.scale, 100.0, 2e9)));
            m_scaleChosen = true;
            m_fixed->setChecked(true);
        }
    fillItems(previous);
    prefillTitles(false);
    updatePreview();
    return true;
}

void PrintLayoutWindow::fillItems(const gis::Layout& previous)
{
    using K = gis::LayoutItem::Kind;
    const auto kindName = [this](K kind) {
        switch (kind) {
        case K::Map: return tr("Map");
        case K::Title: return tr("Title and subtitle");
        case K::Legend: return tr("Legend");
        case K::ScaleBar: return tr("Scale bar");
        case K::NorthArrow: return tr("North arrow");
        case K::Text: return tr("Notes");
        case K::Inset: return tr("Locator map");
        case K::Image: return tr("Logo");
        }
        return QString();
    };
    // What the user hid stays hidden when the new template has an item of the same id.
    std::set<std::string> hidden;
    for (int i = 0; i < m_items->count(); ++i) {
        const int index = m_items->item(i)->data(Qt::UserRole).toInt();
        if (index < int(previous.items.size()) && m_items->item(i)->checkState() == Qt::Unchecked)
            hidden.insert(itemId(previous.items[index]));
    }
    // Items are named by kind in the UI language; the template's id is added only to tell two of a kind apart.
    std::map<K, int> ofKind;
    for (const auto& item : m_layout.items)
        ++ofKind[item.kind];
    QSignalBlocker block(m_items);
    m_items->clear();
    for (std::size_t i = 0; i < m_layout.items.size(); ++i) {
        const gis::LayoutItem& item = m_layout.items[i];
        const std::string id = itemId(item);
        QString text = kindName(item.kind);
        if (ofKind[item.kind] > 1)
            text += QStringLiteral(" (%1)").arg(QString::fromStdString(id));
        auto* row = new QListWidgetItem(text, m_items);
        row->setData(Qt::UserRole, int(i));
        row->setData(Qt::UserRole + 1, QString::fromStdString(id));
        row->setToolTip(QString::fromStdString(id));
        row->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        row->setCheckState(item.visible && !hidden.count(id) ? Qt::Checked : Qt::Unchecked);
    }
}

} // namespace viewer
