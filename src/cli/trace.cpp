#include "cli/trace.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Fabrikam::Cli {

bool TraceWriter::open(const QString& path)
{
    m_file.setFileName(path);
    return m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

void TraceWriter::write(const Client::TimelineEvent& event)
{
    if (!m_file.isOpen()) {
        return;
    }
    QJsonObject line{{QStringLiteral("t"), event.time.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("event"), event.event}};
    for (auto it = event.fields.begin(); it != event.fields.end(); ++it) {
        line.insert(it.key(), QJsonValue::fromVariant(it.value()));
    }
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}

} // namespace Fabrikam::Cli
