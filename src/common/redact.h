#pragma once

#include <QByteArrayView>
#include <QString>

namespace Fabrikam::Common {

// The only form in which a secret (token, code, verifier) may reach a log, a trace or the support
// bundle (DESIGN.md section 5): "…" followed by the last 6 hex digits of its SHA-256, e.g.
// "…3f9a1c". Equal secrets give equal forms, so support staff can correlate; nothing of the secret
// itself is revealed. An empty input gives an empty string (nothing to hide, nothing to show).
[[nodiscard]] QString redact(QByteArrayView secret);

} // namespace Fabrikam::Common
