#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Fabrikam::App {

// Measures how long the event loop was unable to run: a short repeating timer notes how late
// each tick arrives; the largest lateness is the longest stall (a frozen window shows up here).
// Used by the UI tests, which print it; cheap enough to leave running in a debug build.
class StallWatchdog final : public QObject
{
    Q_OBJECT

public:
    explicit StallWatchdog(std::chrono::milliseconds interval = std::chrono::milliseconds(10),
                           QObject* parent = nullptr);

    void start();
    void stop();
    void reset();

    [[nodiscard]] std::chrono::milliseconds longestStall() const { return m_longest; }
    [[nodiscard]] qint64 ticks() const { return m_ticks; }
    // Stalls at or above this are reported with stalled() as they happen.
    void setThreshold(std::chrono::milliseconds threshold) { m_threshold = threshold; }

Q_SIGNALS:
    void stalled(std::chrono::milliseconds lateness);

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    std::chrono::milliseconds m_interval;
    std::chrono::milliseconds m_threshold{250};
    std::chrono::milliseconds m_longest{0};
    qint64 m_last = 0;
    qint64 m_ticks = 0;
};

} // namespace Fabrikam::App
