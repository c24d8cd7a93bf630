#include "icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace viewer {

namespace {

const QColor kInk(45, 62, 80);
const QColor kAccent(0, 122, 135);  // teal
const QColor kWarm(214, 120, 30);

void magnifier(QPainter& p, const QString& sign)
{
    p.setPen(QPen(kInk, 2.4, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(QColor(255, 255, 255, 200));
    p.drawEllipse(QPointF(13, 13), 8, 8);
    p.drawLine(QPointF(19, 19), QPointF(28, 28));
    p.setPen(QPen(kAccent, 2.4, Qt::SolidLine, Qt::RoundCap));
    if (sign == "+" || sign == "-")
        p.drawLine(QPointF(9, 13), QPointF(17, 13));
    if (sign == "+")
        p.drawLine(QPointF(13, 9), QPointF(13, 17));
}

void draw(QPainter& p, const QString& name)
{
    const QPen ink(kInk, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(ink);
    if (name == "open") {
        p.setBrush(QColor(240, 200, 110));
        p.drawPolygon(QPolygonF({{3, 9}, {12, 9}, {14, 12}, {28, 12}, {28, 27}, {3, 27}}));
    } else if (name == "save") {
        p.setBrush(kAccent);
        p.drawRoundedRect(QRectF(4, 4, 24, 24), 3, 3);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(9, 4, 14, 9));
        p.drawRect(QRectF(8, 18, 16, 10));
    } else if (name == "add-layer") {
        p.setBrush(QColor(170, 200, 230));
        p.drawPolygon(QPolygonF({{2, 20}, {14, 14}, {26, 20}, {14, 26}}));
        p.setBrush(QColor(210, 230, 245));
        p.drawPolygon(QPolygonF({{2, 14}, {14, 8}, {26, 14}, {14, 20}}));
        p.setPen(QPen(kWarm, 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(25, 2), QPointF(25, 12));
        p.drawLine(QPointF(20, 7), QPointF(30, 7));
    } else if (name == "export") {
        p.setBrush(Qt::white);
        p.drawRect(QRectF(5, 3, 18, 25));
        p.setPen(QPen(kAccent, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawLine(QPointF(14, 20), QPointF(29, 20));
        p.drawPolyline(QPolygonF({{24, 15}, {29, 20}, {24, 25}}));
    } else if (name == "pan") {
        p.setBrush(QColor(250, 225, 190));
        QPainterPath hand;
        hand.addRoundedRect(QRectF(8, 12, 16, 16), 5, 5);
        for (int i = 0; i < 4; ++i)
            hand.addRoundedRect(QRectF(8 + i * 4, 4 + (i == 0 || i == 3 ? 3 : 0), 4, 14), 2, 2);
        p.drawPath(hand.simplified());
    } else if (name == "identify") {
        p.setBrush(kAccent);
        p.drawEllipse(QPointF(16, 16), 12, 12);
        p.setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(16, 14), QPointF(16, 23));
        p.drawPoint(QPointF(16, 9));
    } else if (name == "select-point" || name == "select-rect" || name == "select-polygon") {
        p.setBrush(QColor(255, 220, 0, 160));
        p.setPen(QPen(kInk, 1.8, Qt::DashLine));
        if (name == "select-rect")
            p.drawRect(QRectF(3, 5, 20, 16));
        else if (name == "select-polygon")
            p.drawPolygon(QPolygonF({{3, 10}, {14, 3}, {25, 9}, {20, 22}, {6, 20}}));
        else
            p.drawEllipse(QPointF(12, 12), 7, 7);
        p.setPen(QPen(kInk, 1.6));
        p.setBrush(Qt::white);
        p.drawPolygon(QPolygonF({{16, 14}, {16, 30}, {20, 26}, {24, 31}, {26, 29}, {22, 24}, {27, 23}}));
    } else if (name == "select-expression") {
        p.setBrush(QColor(255, 220, 0, 160));
        p.drawRoundedRect(QRectF(3, 6, 26, 20), 3, 3);
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(13);
        p.setFont(f);
        p.drawText(QRectF(3, 6, 26, 20), Qt::AlignCenter, "ƒx");
    } else if (name == "select-location") {
        p.setBrush(QColor(170, 200, 230));
        p.drawRect(QRectF(3, 3, 18, 18));
        p.setBrush(QColor(255, 220, 0, 200));
        p.drawEllipse(QPointF(21, 21), 8, 8);
    } else if (name == "clear-selection") {
        p.setBrush(QColor(255, 220, 0, 120));
        p.setPen(QPen(kInk, 1.8, Qt::DashLine));
        p.drawRect(QRectF(3, 5, 20, 16));
        p.setPen(QPen(QColor(200, 40, 40), 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(18, 18), QPointF(29, 29));
        p.drawLine(QPointF(29, 18), QPointF(18, 29));
    } else if (name == "measure-line" || name == "measure-area") {
        p.setBrush(QColor(250, 215, 120));
        p.save();
        p.translate(16, 16);
        p.rotate(-35);
        p.drawRect(QRectF(-14, -5, 28, 10));
        for (int i = -10; i <= 10; i += 4)
            p.drawLine(QPointF(i, -5), QPointF(i, i % 8 == 2 ? 1 : -1));
        p.restore();
        if (name == "measure-area") {
            p.setBrush(QColor(0, 122, 135, 120));
            p.setPen(QPen(kAccent, 1.5));
            p.drawRect(QRectF(17, 17, 13, 13));
        }
    } else if (name == "zoom-in" || name == "zoom-out") {
        magnifier(p, name == "zoom-in" ? "+" : "-");
    } else if (name == "zoom-full") {
        p.setBrush(QColor(200, 230, 210));
        p.drawEllipse(QPointF(16, 16), 11, 11);
        p.setPen(QPen(kAccent, 1.5));
        p.drawLine(QPointF(5, 16), QPointF(27, 16));
        p.drawEllipse(QPointF(16, 16), 5, 11);
        p.setPen(QPen(kInk, 2.2, Qt::SolidLine, Qt::RoundCap));
        for (auto [x, y, dx, dy] : {std::tuple{2, 2, 1, 1}, {30, 2, -1, 1}, {2, 30, 1, -1}, {30, 30, -1, -1}}) {
            p.drawLine(QPointF(x, y), QPointF(x + 5 * dx, y));
            p.drawLine(QPointF(x, y), QPointF(x, y + 5 * dy));
        }
    } else if (name == "zoom-selection") {
        p.setBrush(QColor(255, 220, 0, 160));
        p.drawRect(QRectF(4, 4, 12, 12));
        magnifier(p, "");
    } else if (name == "previous" || name == "next") {
        const bool prev = name == "previous";
        p.setPen(QPen(kAccent, 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawLine(QPointF(5, 16), QPointF(27, 16));
        p.drawPolyline(prev ? QPolygonF({{13, 8}, {5, 16}, {13, 24}}) : QPolygonF({{19, 8}, {27, 16}, {19, 24}}));
    } else if (name == "table") {
        p.setBrush(Qt::white);
        p.drawRect(QRectF(3, 5, 26, 22));
        p.fillRect(QRectF(4, 6, 25, 5), kAccent);
        p.setPen(QPen(kInk, 1.2));
        for (int y : {16, 21})
            p.drawLine(QPointF(3, y), QPointF(29, y));
        p.drawLine(QPointF(12, 5), QPointF(12, 27));
    } else if (name == "style") {
        const QColor colors[] = {QColor(230, 85, 70), QColor(250, 190, 60), QColor(80, 170, 90), QColor(60, 120, 200)};
        for (int i = 0; i < 4; ++i) {
            p.setBrush(colors[i]);
            p.drawEllipse(QPointF(10 + (i % 2) * 12, 10 + (i / 2) * 12), 6, 6);
        }
    } else if (name == "edit") { // a pencil
        p.setBrush(QColor(240, 200, 110));
        p.drawPolygon(QPolygonF({{6, 22}, {20, 8}, {24, 12}, {10, 26}, {5, 27}}));
        p.setBrush(kWarm);
        p.drawPolygon(QPolygonF({{20, 8}, {23, 5}, {27, 9}, {24, 12}}));
    } else if (name == "add-point" || name == "add-line" || name == "add-polygon") {
        p.setPen(QPen(kAccent, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(QColor(0, 122, 135, 70));
        const QPolygonF shape({{4, 22}, {10, 8}, {20, 12}, {18, 26}});
        if (name == "add-polygon")
            p.drawPolygon(shape);
        else if (name == "add-line")
            p.drawPolyline(shape);
        p.setBrush(kAccent);
        for (const QPointF& v : (name == "add-point" ? QPolygonF({{12, 16}}) : shape))
            p.drawEllipse(v, name == "add-point" ? 6 : 2.5, name == "add-point" ? 6 : 2.5);
        p.setPen(QPen(kWarm, 3, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(25, 2), QPointF(25, 12));
        p.drawLine(QPointF(20, 7), QPointF(30, 7));
    } else if (name == "move-feature" || name == "vertex") {
        p.setBrush(QColor(0, 122, 135, 70));
        p.drawPolygon(QPolygonF({{4, 24}, {8, 6}, {24, 8}, {20, 26}}));
        p.setBrush(Qt::white);
        p.setPen(QPen(kWarm, 2.4));
        if (name == "vertex")
            p.drawRect(QRectF(20, 4, 8, 8));
        else
            for (const QLineF& l : {QLineF(16, 9, 16, 23), QLineF(9, 16, 23, 16)})
                p.drawLine(l);
    } else if (name == "undo" || name == "redo") {
        if (name == "redo") {
            p.translate(32, 0);
            p.scale(-1, 1);
        }
        p.setPen(QPen(kAccent, 3, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(6, 8, 20, 18), 90 * 16, -200 * 16);
        p.setBrush(kAccent);
        p.drawPolygon(QPolygonF({{4, 8}, {13, 3}, {13, 13}}));
    } else if (name == "refresh") {
        p.setPen(QPen(kAccent, 3, Qt::SolidLine, Qt::RoundCap));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(6, 6, 20, 20), 60 * 16, 280 * 16);
        p.setBrush(kAccent);
        p.drawPolygon(QPolygonF({{22, 3}, {28, 9}, {20, 11}}));
    }
}

} // namespace

QIcon makeIcon(const QString& name)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 32.0, size / 32.0);
        draw(p, name);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

} // namespace viewer
