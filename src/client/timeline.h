#pragma once

#include "common/clock.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QVariantMap>

namespace Fabrikam::Client {

// One event of the flow timeline: what happened and when, with fields already redacted.
struct TimelineEvent
{
    QDateTime time; // UTC
    QString event;  // e.g. "signin.succeeded", "api.response", "transfer.failed"
    QVariantMap fields;
};

// The redacted timeline of one Context: the session's, the reads' and the transfers' events, and
// the front end's own. `fabrikam-cli --trace FILE` writes each event as it comes; the window's
// diagnostics show them and its support bundle carries them. Fields pass Common::redactFields()
// once, here, so no reader ever holds a token or a code.
class Timeline final : public QObject
{
    Q_OBJECT

public:
    // Oldest events are dropped beyond this, so a long session cannot grow without bound.
    static constexpr qsizetype kMaxEvents = 2000;

    explicit Timeline(const Common::Clock& clock, QObject* parent = nullptr);

    void record(const QString& event, const QVariantMap& fields = {});
    [[nodiscard]] const QList<TimelineEvent>& events() const { return m_events; }

Q_SIGNALS:
    void recorded(const Fabrikam::Client::TimelineEvent& event);

private:
    const Common::Clock& m_clock;
    QList<TimelineEvent> m_events;
};

} // namespace Fabrikam::Client
