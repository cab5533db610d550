#include "cli/trace.h"

#include "common/redact.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Fabrikam::Cli {

QVariant redactValue(const QString& key, const QVariant& value)
{
    static const QRegularExpression secretKey(
        QStringLiteral("token|code|verifier|secret|password|otp|assertion|authorization|cookie"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression jwtLike(
        QStringLiteral("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*"));
    if (value.typeId() == QMetaType::QVariantMap) {
        QVariantMap out;
        const QVariantMap in = value.toMap();
        for (auto it = in.begin(); it != in.end(); ++it) {
            out.insert(it.key(), redactValue(it.key(), it.value()));
        }
        return out;
    }
    if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray) {
        QString text = value.toString();
        // Already redacted values ("…3f9a1c") pass; anything else under a secret name does not.
        if (secretKey.match(key).hasMatch() && !text.isEmpty() && !text.startsWith(QChar(0x2026))) {
            return Common::redact(text.toUtf8());
        }
        text.replace(jwtLike, QStringLiteral("[jwt]"));
        return text;
    }
    return value;
}

bool TraceWriter::open(const QString& path)
{
    m_file.setFileName(path);
    return m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

void TraceWriter::write(const QString& event, const QVariantMap& fields)
{
    if (!m_file.isOpen()) {
        return;
    }
    QJsonObject line{
        {QStringLiteral("t"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("event"), event}};
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        line.insert(it.key(), QJsonValue::fromVariant(redactValue(it.key(), it.value())));
    }
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}

} // namespace Fabrikam::Cli
