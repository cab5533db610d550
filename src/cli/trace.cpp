#include "cli/trace.h"

#include "common/redact.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace Fabrikam::Cli {

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
        line.insert(it.key(), QJsonValue::fromVariant(Common::redactField(it.key(), it.value())));
    }
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}

} // namespace Fabrikam::Cli
