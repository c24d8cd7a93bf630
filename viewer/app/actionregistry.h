#pragma once

#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

class QAction;
class QActionGroup;
class QWidget;

namespace viewer {

/// The main window's actions, by object name ("actionOpenProject", "actionIdentify", ...): their icons,
/// shortcuts, the exclusive groups of the map tools and of the languages, and their texts and tooltips in the
/// current language. The actions are children of the window given to create() (so its shortcuts reach them);
/// what they do, and where they appear (menus, toolbar), is the window's. GUI thread.
class ActionRegistry : public QObject {
    Q_OBJECT
public:
    /// Makes every action, the map tools' group (Pan checked) and the languages' group (the current one checked).
    void create(QWidget* window);
    /// The action of that object name; null for an unknown name.
    QAction* action(const QString& name) const { return m_actions.value(name); }
    QAction* operator[](const QString& name) const { return m_actions.value(name); }
    QList<QAction*> all() const { return m_actions.values(); }
    /// Texts and tooltips (with the shortcut) in the current language; in Arabic without mnemonics.
    void retranslate();

private:
    QMap<QString, QAction*> m_actions;
    QActionGroup* m_toolGroup = nullptr;
    QActionGroup* m_languageGroup = nullptr;
};

} // namespace viewer
