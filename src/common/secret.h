#pragma once

// Secret bytes (an elevated token, a stored session record) are overwritten before their memory
// is let go, so that a later crash dump or a reused allocation does not hold them: one wipe for
// all.

#include <QByteArray>

namespace Fabrikam::Common {

// Overwrites the buffer this QByteArray owns with zeros, then releases it (the array is empty).
// The buffer is detached first when it is shared, so another holder's copy is never scribbled on
// (and not wiped either: each holder wipes its own). Best effort: copies Qt made along the way
// (a reallocation, an implicitly shared copy handed out) are out of reach.
void wipe(QByteArray& secret);

} // namespace Fabrikam::Common
