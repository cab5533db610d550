#include "common/redact.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

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
    switch (value.typeId()) {
    case QMetaType::QVariantMap:
        return redactFields(value.toMap());
    case QMetaType::QVariantHash: {
        QVariantMap map;
        const QVariantHash hash = value.toHash();
        for (auto it = hash.begin(); it != hash.end(); ++it) {
            map.insert(it.key(), it.value());
        }
        return redactFields(map);
    }
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
    case QMetaType::QByteArrayList: {
        // A list's items are judged by the list's key (e.g. "tokens": [...]).
        QVariantList out;
        const QVariantList in = value.toList();
        out.reserve(in.size());
        for (const QVariant& item : in) {
            out.append(redactField(key, item));
        }
        return out;
    }
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        return redactField(key, QJsonValue::fromVariant(value).toVariant());
    case QMetaType::QString:
    case QMetaType::QByteArray: {
        QString text = value.toString();
        // Already redacted values ("…3f9a1c") pass; anything else under a secret name does not.
        if (secretNamedKey().match(key).hasMatch() && !text.isEmpty() &&
            !text.startsWith(QChar(0x2026))) {
            return redact(text.toUtf8());
        }
        text.replace(jwtShaped(), QStringLiteral("[jwt]"));
        return text;
    }
    default:
        return value;
    }
}

QVariantMap redactFields(const QVariantMap& fields)
{
    QVariantMap out;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        // A key can carry a secret too (e.g. a token used as a map key).
        QString key = it.key();
        key.replace(jwtShaped(), QStringLiteral("[jwt]"));
        out.insert(key, redactField(it.key(), it.value()));
    }
    return out;
}

namespace {

// A token, code or key rather than words: 16+ characters of base64(url), hex or JWT alphabet.
const QRegularExpression& opaqueValue()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._~+/=-]{16,}$"));
    return re;
}

} // namespace

QJsonValue redactJson(const QString& key, const QJsonValue& value, int* replaced)
{
    const auto count = [replaced] {
        if (replaced) {
            ++*replaced;
        }
    };
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            QString childKey = it.key();
            if (jwtShaped().match(childKey).hasMatch()) {
                childKey.replace(jwtShaped(), QStringLiteral("[jwt]"));
                count();
            }
            out.insert(childKey, redactJson(it.key(), it.value(), replaced));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        const QJsonArray in = value.toArray();
        for (const QJsonValue& item : in) {
            out.append(redactJson(key, item, replaced));
        }
        return out;
    }
    if (!value.isString()) {
        return value;
    }
    QString text = value.toString();
    if (jwtShaped().match(text).hasMatch()) {
        text.replace(jwtShaped(), QStringLiteral("[jwt]"));
        count();
    }
    if (secretNamedKey().match(key).hasMatch() && !text.startsWith(QChar(0x2026)) &&
        opaqueValue().match(text).hasMatch()) {
        count();
        return redact(text.toUtf8());
    }
    return text;
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
