#pragma once

#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gis/data/editattachment.h"
#include "gis/project/form.h"

class QGridLayout;
class QLabel;
class QPushButton;

namespace viewer {

/// How a photo field reaches one feature's attachments: an edit session (after adding a feature) or the stored
/// GeoPackage (identify). Each function may throw gis::Error; the field shows its message.
struct PhotoAccess {
    /// The feature's attachments in a media table now (stored ones, then pending ones).
    std::function<std::vector<gis::AttachmentInfo>(const gis::AttachmentTable&)> list;
    /// The bytes of a stored attachment (pending ones carry theirs); empty: stored bytes cannot be read.
    std::function<std::string(const gis::AttachmentTable&, std::int64_t id)> storedBytes;
    /// Attach and detach, each an undo step of the session; empty: read-only.
    std::function<void(const gis::AttachmentTable&, gis::AttachmentData)> attach;
    std::function<void(const gis::AttachmentTable&, std::int64_t id)> detach;
};

/// A form's photo field (gis::FormWidget::Photo): thumbnails of the feature's attachments in the field's media
/// table, decoded from their bytes with QImageReader scaled while decoding (a JPEG of 8000 x 6000 is read at
/// thumbnail size); a file that is not a picture, or one that cannot be decoded, shows its name and size instead.
/// Editable: "Add photo…" (any files, several at once) and "Remove" under each thumbnail, through PhotoAccess. What
/// the library refuses (over kMaxAttachmentBytes, the session's total over kMaxSessionAttachmentBytes, a layer
/// that is not a GeoPackage) shows under the field, naming the file.
///
/// Thumbnails have objectName "photoThumb" and the property "attachmentId"; their buttons "photoRemove"; under a
/// picture that has a taken time, a label "photoTaken" (takenText). GUI thread only; never throws.
class PhotoField : public QWidget {
    Q_OBJECT
public:
    PhotoField(const gis::FormField& field, std::shared_ptr<const PhotoAccess> access, bool readOnly,
        QWidget* parent = nullptr);

    /// Attachments the feature has now in the field's table.
    std::size_t count() const { return m_items.size(); }
    const std::vector<gis::AttachmentInfo>& attachments() const { return m_items; }
    /// Attaches the files at `paths` (what "Add photo…" does after its file dialog). Returns how many were attached;
    /// the others' reasons show in errorText().
    int addFiles(const QStringList& paths);
    /// Detaches attachment `id` (what a thumbnail's "Remove" does). False when refused (errorText() says why).
    bool removeAttachment(std::int64_t id);
    /// What the last add or remove could not do ("" when all went well).
    QString errorText() const;
    gis::AttachmentTable table() const { return m_table; }

    /// Largest side of a thumbnail, pixels.
    static constexpr int kThumbSize = 128;
    /// A picture decoded to at most `maxSide` pixels a side, scaled while decoding when the format can (JPEG); a
    /// null image when the bytes are not a picture Qt reads, or one that would be decoded whole past 40 million pixels.
    static QImage thumbnail(const std::string& bytes, int maxSide);

    /// "Taken 2026-03-01 10:15" ("التُقطت ٢٠٢٦-٠٣-٠١ ١٠:١٥" in Arabic, the locale's digits): when the picture was
    /// taken, on the clock that took it (its UTC offset applied when known; the library fills the time from a JPEG's
    /// EXIF). Empty when the attachment has no time.
    static QString takenText(const gis::AttachmentInfo& info);

signals:
    /// An attachment was added or removed.
    void changed();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reload();
    void chooseFiles();
    QWidget* makeThumb(const gis::AttachmentInfo& info);

    gis::FormField m_field;
    gis::AttachmentTable m_table;
    std::shared_ptr<const PhotoAccess> m_access;
    bool m_readOnly;
    std::vector<gis::AttachmentInfo> m_items;
    QWidget* m_thumbs;
    QGridLayout* m_grid;
    QPushButton* m_add = nullptr;
    QLabel* m_error;
};

} // namespace viewer
