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
    // A copy: a receiver may record an event of its own, and the list may move meanwhile.
    const TimelineEvent last = m_events.constLast();
    Q_EMIT recorded(last);
}

} // namespace Fabrikam::Client
