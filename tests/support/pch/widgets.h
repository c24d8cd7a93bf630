// The viewer's tests (Qt Widgets): see core.h.
#pragma once

#include "gui.h"

#include <QtWidgets/QtWidgets>
