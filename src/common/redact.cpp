#include "common/redact.h"

#include <QCryptographicHash>

namespace Fabrikam::Common {

const QRegularExpression& secretNamedKey()
{
    static const QRegularExpression re(
        QStringLiteral("token|code|verifier|secret|password|otp|assertion|authorization|cookie"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression& jwtShaped()
{
    static const QRegularExpression re(
        QStringLiteral("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"));
    return re;
}

QVariant redactField(const QString& key, const QVariant& value)
{
    if (value.typeId() == QMetaType::QVariantMap) {
        QVariantMap out;
        const QVariantMap in = value.toMap();
        for (auto it = in.begin(); it != in.end(); ++it) {
            out.insert(it.key(), redactField(it.key(), it.value()));
        }
        return out;
    }
    if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray) {
        QString text = value.toString();
        // Already redacted values ("…3f9a1c") pass; anything else under a secret name does not.
        if (secretNamedKey().match(key).hasMatch() && !text.isEmpty() &&
            !text.startsWith(QChar(0x2026))) {
            return redact(text.toUtf8());
        }
        text.replace(jwtShaped(), QStringLiteral("[jwt]"));
        return text;
    }
    return value;
}

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
