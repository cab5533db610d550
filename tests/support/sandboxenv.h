#pragma once

#include <QByteArray>
#include <QString>

namespace Fabrikam::Test {

// The sandbox a test talks to comes from the environment the CTest fixture sets
// (FABRIKAM_SANDBOX_ISSUER, _API, _ADMIN); the fallback is for running a test binary by hand.
inline QString envOr(const char* name, const char* fallback)
{
    const QByteArray value = qgetenv(name);
    return value.isEmpty() ? QString::fromLatin1(fallback) : QString::fromUtf8(value);
}

} // namespace Fabrikam::Test
