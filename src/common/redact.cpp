#include "common/redact.h"

#include <QCryptographicHash>

namespace Fabrikam::Common {

namespace {
constexpr qsizetype kShownHexDigits = 6;
constexpr char16_t kEllipsis = u'\u2026';
} // namespace

QString redact(QByteArrayView secret)
{
    if (secret.isEmpty()) {
        return {};
    }
    const QByteArray hex = QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex();
    return QChar(kEllipsis) + QString::fromLatin1(hex.right(kShownHexDigits));
}

} // namespace Fabrikam::Common
