#pragma once

#include <QDateTime>

namespace Fabrikam::Common {

// The time seam (STYLE.md rule 8): everything that compares against "now" asks a Clock passed in
// through its constructor, so tests can pin time with a fake (tests/support/fakeclock.h).
class Clock
{
public:
    virtual ~Clock() = default;
    // Always UTC.
    [[nodiscard]] virtual QDateTime now() const = 0;

protected:
    Clock() = default;
    Clock(const Clock&) = default;
    Clock& operator=(const Clock&) = default;
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace Fabrikam::Common
