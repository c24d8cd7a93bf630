// Precompiled for the viewer's sources (viewer/CMakeLists.txt): Qt's headers were most of each file's compile time.
// Files still include what they use.
#pragma once

#include <QtCore/QtCore>
#include <QtGui/QtGui>
#include <QtWidgets/QtWidgets>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
