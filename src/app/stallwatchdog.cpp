#include "app/stallwatchdog.h"

namespace Fabrikam::App {

StallWatchdog::StallWatchdog(std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_interval(interval)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &StallWatchdog::tick);
}

void StallWatchdog::start()
{
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

void StallWatchdog::stop()
{
    m_timer.stop();
}

void StallWatchdog::reset()
{
    m_longest = std::chrono::milliseconds(0);
    m_ticks = 0;
    if (m_clock.isValid()) {
        m_last = m_clock.elapsed();
    }
}

void StallWatchdog::tick()
{
    const qint64 now = m_clock.elapsed();
    const std::chrono::milliseconds lateness(
        std::max<qint64>(0, now - m_last - m_interval.count()));
    m_last = now;
    ++m_ticks;
    if (lateness > m_longest) {
        m_longest = lateness;
    }
    if (lateness >= m_threshold) {
        Q_EMIT stalled(lateness);
    }
}

} // namespace Fabrikam::App
