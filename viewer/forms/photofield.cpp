#include "photofield.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QMimeDatabase>
#include <QPushButton>
#include <QShowEvent>
#include <QStandardPaths>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdlib>

#include "app/bidi.h"
#include "app/language.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"

namespace viewer {

namespace {

constexpr int kColumns = 3;

QString sizeText(std::size_t bytes)
{
    return QLocale(currentLanguage() == "ar" ? QLocale::Arabic : QLocale::English).formattedDataSize(static_cast<qint64>(bytes));
}

} // namespace

PhotoField::PhotoField(const gis::FormField& field, std::shared_ptr<const PhotoAccess> access, bool readOnly,
    QWidget* parent)
    : QWidget(parent), m_field(field), m_access(std::move(access)), m_readOnly(readOnly || field.readOnly)
{
    if (m_field.media)
        m_table = {m_field.media->mediaTable, m_field.media->mappingTable};
    if (!m_access || !m_access->attach || !m_access->detach)
        m_readOnly = true;
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_thumbs = new QWidget(this);
    m_grid = new QGridLayout(m_thumbs);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setColumnStretch(kColumns, 1); // thumbnails keep their size, packed at the leading side
    layout->addWidget(m_thumbs);
    if (!m_readOnly) {
        m_add = new QPushButton(tr("Add photo…"), this);
        m_add->setObjectName("photoAdd");
        connect(m_add, &QPushButton::clicked, this, &PhotoField::chooseFiles);
        layout->addWidget(m_add, 0, Qt::AlignLeading);
    }
    m_error = new QLabel(this);
    m_error->setObjectName(QString::fromStdString(m_field.field) + "_photoError");
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    layout->addWidget(m_error);
    reload();
}

QImage PhotoField::thumbnail(const std::string& bytes, int maxSide)
{
    QByteArray data = QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size()));
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true); // a phone's EXIF orientation
    const QSize full = reader.size();
    // Only JPEG decodes at a smaller size; the others (PNG, even with a scaled size set) are decoded whole first:
    // refused past 40 million pixels (160 MB, a second or more of decoding) rather than freeze the form or exhaust
    // memory on a decompression bomb.
    constexpr qint64 kMaxFullPixels = 40'000'000;
    if (full.isValid() && reader.format() != "jpeg" && static_cast<qint64>(full.width()) * full.height() > kMaxFullPixels)
        return {};
    if (full.isValid() && (full.width() > maxSide || full.height() > maxSide))
        reader.setScaledSize(full.scaled(maxSide, maxSide, Qt::KeepAspectRatio)); // JPEG decodes at that size
    QImage image = reader.read(); // QImageReader's allocation limit (256 MB) refuses what the size did not say
    if (image.isNull())
        return {};
    if (image.width() > maxSide || image.height() > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QString PhotoField::takenText(const gis::AttachmentInfo& info)
{
    if (!info.takenMs)
        return {};
    // The camera's own clock, as the photographer saw it: the UTC instant moved by the offset it recorded (without
    // one the library holds that clock's time as UTC, so it shows unchanged).
    const qint64 local = *info.takenMs + qint64(info.takenOffsetMinutes.value_or(0)) * 60'000;
    const QDateTime clock = QDateTime::fromMSecsSinceEpoch(local, QTimeZone::utc());
    return tr("Taken %1").arg(ltr(localeFor(currentLanguage()).toString(clock, QStringLiteral("yyyy-MM-dd HH:mm"))));
}

void PhotoField::reload()
{
    m_items.clear();
    if (m_access && m_access->list && m_field.media) {
        try {
            m_items = m_access->list(m_table);
        } catch (const gis::Error& e) {
            m_error->setText(tr("The photos cannot be read: %1").arg(ltr(QString::fromStdString(e.what()))));
            m_error->show();
        }
    }
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        if (QWidget* w = item->widget()) { // later: a thumbnail's Remove button may be the caller
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    for (std::size_t i = 0; i < m_items.size(); ++i)
        m_grid->addWidget(makeThumb(m_items[i]), static_cast<int>(i) / kColumns, static_cast<int>(i) % kColumns);
    m_thumbs->setVisible(!m_items.empty());
    if (m_readOnly && m_items.empty() && m_error->isHidden()) {
        auto* none = new QLabel(tr("No photos"), m_thumbs);
        none->setEnabled(false);
        m_grid->addWidget(none, 0, 0);
        m_thumbs->show();
    }
    updateGeometry();
}

void PhotoField::showEvent(QShowEvent* event)
{
    // Thumbnails added while the field's tab was not current: the form lays the row out again now.
    QWidget::showEvent(event);
    updateGeometry();
}

QWidget* PhotoField::makeThumb(const gis::AttachmentInfo& info)
{
    auto* box = new QWidget(m_thumbs);
    box->setObjectName("photoThumb");
    box->setProperty("attachmentId", QVariant::fromValue<qint64>(info.id));
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(2);
    auto* picture = new QLabel(box);
    picture->setObjectName("photoImage");
    picture->setFixedSize(kThumbSize, kThumbSize);
    picture->setAlignment(Qt::AlignCenter);
    picture->setFrameShape(QFrame::StyledPanel);
    QImage image;
    std::string stored;
    const std::string* bytes = info.bytes ? info.bytes.get() : nullptr;
    if (!bytes && m_access->storedBytes) {
        try {
            stored = m_access->storedBytes(m_table, info.id);
            bytes = &stored;
        } catch (const gis::Error&) {
            bytes = nullptr; // shown as its name and size
        }
    }
    if (bytes && info.contentType.rfind("image/", 0) == 0)
        image = thumbnail(*bytes, kThumbSize);
    const QString name = info.name.empty() ? tr("(no name)") : QString::fromStdString(info.name);
    const QString caption = ltr(name) + '\n' + sizeText(info.size);
    if (!image.isNull()) {
        picture->setPixmap(QPixmap::fromImage(image));
        picture->setToolTip(caption);
        picture->setProperty("decoded", true);
    } else {
        picture->setText(caption);
        picture->setWordWrap(true);
        picture->setProperty("decoded", false);
    }
    v->addWidget(picture);
    if (const QString taken = takenText(info); !taken.isEmpty()) {
        auto* label = new QLabel(taken, box);
        label->setObjectName("photoTaken");
        label->setAlignment(Qt::AlignCenter);
        QString iso = QString::fromStdString(gis::formatDateTime(*info.takenMs));
        if (info.takenOffsetMinutes) {
            const int m = std::abs(*info.takenOffsetMinutes);
            iso = QString::fromStdString(gis::formatDateTime(*info.takenMs + std::int64_t(*info.takenOffsetMinutes) * 60'000));
            iso.chop(1);
            iso += QString("%1%2:%3").arg(*info.takenOffsetMinutes < 0 ? '-' : '+').arg(m / 60, 2, 10, QChar('0')).arg(m % 60, 2, 10, QChar('0'));
        }
        label->setToolTip(ltr(iso));
        v->addWidget(label);
    }
    if (!m_readOnly) {
        auto* remove = new QPushButton(tr("Remove"), box);
        remove->setObjectName("photoRemove");
        const std::int64_t id = info.id;
        connect(remove, &QPushButton::clicked, this, [this, id] { removeAttachment(id); });
        v->addWidget(remove);
    }
    return box;
}

void PhotoField::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add photos"),
        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
        tr("Pictures (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff *.bmp *.gif);;All files (*)"));
    if (!paths.isEmpty())
        addFiles(paths);
}

int PhotoField::addFiles(const QStringList& paths)
{
    if (m_readOnly || !m_field.media)
        return 0;
    QStringList problems;
    int added = 0;
    QMimeDatabase mimes;
    for (const QString& path : paths) {
        const QFileInfo fileInfo(path);
        // Refused before reading: a file past the library's limit is not loaded into memory at all.
        if (fileInfo.size() > static_cast<qint64>(gis::kMaxAttachmentBytes)) {
            problems << tr("%1: %2 is more than the %3 a photo may have")
                            .arg(ltr(fileInfo.fileName()), sizeText(static_cast<std::size_t>(fileInfo.size())),
                                sizeText(gis::kMaxAttachmentBytes));
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            problems << tr("%1: cannot be read: %2").arg(ltr(path), file.errorString());
            continue;
        }
        gis::AttachmentData data;
        const QByteArray bytes = file.read(static_cast<qint64>(gis::kMaxAttachmentBytes) + 1);
        data.bytes = std::make_shared<const std::string>(bytes.constData(), static_cast<std::size_t>(bytes.size()));
        data.contentType = mimes.mimeTypeForFileNameAndData(path, bytes).name().toStdString();
        data.name = fileInfo.fileName().toStdString();
        try {
            m_access->attach(m_table, std::move(data));
            ++added;
        } catch (const gis::Error& e) {
            problems << tr("%1: %2").arg(ltr(fileInfo.fileName()), ltr(QString::fromStdString(e.what())));
        }
    }
    m_error->setText(problems.join('\n'));
    m_error->setVisible(!problems.isEmpty());
    if (added > 0) {
        reload();
        emit changed();
    }
    return added;
}

bool PhotoField::removeAttachment(std::int64_t id)
{
    if (m_readOnly)
        return false;
    try {
        m_access->detach(m_table, id);
    } catch (const gis::Error& e) {
        m_error->setText(tr("Not removed: %1").arg(ltr(QString::fromStdString(e.what()))));
        m_error->show();
        return false;
    }
    m_error->hide();
    reload();
    emit changed();
    return true;
}

QString PhotoField::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace viewer
