// Precompiled for the modules that draw (render, layout, servemap): std.h and the Qt GUI headers they share.
#pragma once

#include "std.h"

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QTransform>
