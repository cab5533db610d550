#include "client/timeline.h"

#include "common/redact.h"

namespace Fabrikam::Client {

Timeline::Timeline(const Common::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
{}

void Timeline::record(const QString& event, const QVariantMap& fields)
{
    m_events.append({m_clock.now(), event, Common::redactFields(fields)});
    if (m_events.size() > kMaxEvents) {
        m_events.removeFirst();
    }
    Q_EMIT recorded(m_events.constLast());
}

} // namespace Fabrikam::Client
