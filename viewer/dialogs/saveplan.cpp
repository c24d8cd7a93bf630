#include "saveplan.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <string>
#include <vector>

#include "gis/data/outputcheck.h"

namespace viewer {

int layerIndexIgnoringCase(const QStringList& list, const QString& name)
{
    for (int i = 0; i < list.size(); ++i)
        if (list[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

QString uniqueLayerName(const QString& wanted, const QStringList& taken)
{
    const QString base = wanted.isEmpty() ? QStringLiteral("selection") : wanted;
    QString name = base;
    for (int n = 2; layerIndexIgnoringCase(taken, name) >= 0; ++n)
        name = base + "_" + QString::number(n);
    return name;
}

SavePlan defaultSavePlan(bool exists, bool isGeoPackage, const QString& layerName, const QStringList& layersInFile)
{
    if (!exists)
        return {SaveAction::NewFile, {}};
    if (isGeoPackage)
        return {SaveAction::AddLayer, uniqueLayerName(layerName, layersInFile)};
    return {SaveAction::ReplaceFile, {}};
}

QString saveRefusal(const SavePlan& plan, const QString& path, const QStringList& projectFiles)
{
    // A "new" file may still have sidecars that are a project's (x.csv writes x.prj beside it): only adding a
    // layer leaves every existing byte where it was.
    if (plan.action == SaveAction::AddLayer)
        return {};
    std::vector<std::string> inputs;
    for (const QString& f : projectFiles)
        inputs.push_back(f.toStdString());
    const std::string input = gis::inputWrittenBy(path.toStdString(), inputs);
    if (input.empty())
        return {};
    return QCoreApplication::translate("viewer::MainWindow",
        "%1 is read by this project (%2): it is never replaced. Save the selection as a new layer or to another file.")
        .arg(QFileInfo(path).fileName(), QString::fromStdString(input));
}

} // namespace viewer
