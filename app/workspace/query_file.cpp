#include "workspace/query_file.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace hogscope::workspace {

namespace {

// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.
qsizetype firstInvalidUtf8(const QByteArray& bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char c = data[i];
        int more = 0;
        char32_t min = 0;
        char32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            more = 1;
            min = 0x80;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2;
            min = 0x800;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3;
            min = 0x10000;
            code = c & 0x07;
        } else {
            return i;
        }
        for (int k = 1; k <= more; ++k) {
            if (i + k >= size || (data[i + k] & 0xC0) != 0x80)
                return i;
            code = (code << 6) | (data[i + k] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return i;
        i += more + 1;
    }
    return -1;
}

} // namespace

QueryFileRead readQueryFile(const QString& path)
{
    QueryFileRead result;
    const QFileInfo info(path);
    if (!info.exists()) {
        result.error = QStringLiteral("%1 does not exist.").arg(path);
        return result;
    }
    if (!info.isFile()) {
        result.error = QStringLiteral("%1 is not a file.").arg(path);
        return result;
    }
    if (info.size() > kMaxQueryFileBytes) {
        result.error = QStringLiteral("%1 is %2 MB: too large for a query (at most %3 MB).")
                           .arg(path)
                           .arg(info.size() / (1024 * 1024))
                           .arg(kMaxQueryFileBytes / (1024 * 1024));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString());
        return result;
    }
    QByteArray bytes = file.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3); // a byte order mark some editors write
    if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0) {
        result.error =
            QStringLiteral("%1 is not UTF-8 text (invalid byte at offset %2); save it as UTF-8 and open it "
                           "again.")
                .arg(path)
                .arg(bad);
        return result;
    }
    result.text = QString::fromUtf8(bytes);
    return result;
}

QString writeQueryFile(const QString& path, const QString& text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString());
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size()) {
        const QString error = QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString());
        file.cancelWriting();
        return error;
    }
    if (!file.commit())
        return QStringLiteral("Cannot save %1: %2.").arg(path, file.errorString());
    return QString();
}

} // namespace hogscope::workspace
