#pragma once

#include "common/clock.h"

#include <QDateTime>
#include <QTimeZone>

namespace Fabrikam::Test {

// A clock that only moves when the test says so.
class FakeClock final : public Common::Clock
{
public:
    explicit FakeClock(QDateTime now)
        : m_now(std::move(now))
    {}
    explicit FakeClock(qint64 secsSinceEpoch)
        : m_now(QDateTime::fromSecsSinceEpoch(secsSinceEpoch, QTimeZone::utc()))
    {}

    [[nodiscard]] QDateTime now() const override { return m_now; }
    void setNow(QDateTime now) { m_now = std::move(now); }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace Fabrikam::Test
