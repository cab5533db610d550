#pragma once

#include <QByteArrayView>
#include <QRegularExpression>
#include <QString>
#include <QVariant>

namespace Fabrikam::Common {

// The only form in which a secret (token, code, verifier) may reach a log, a trace or the support
// bundle (DESIGN.md section 5): "…" followed by the last 6 hex digits of its SHA-256, e.g.
// "…3f9a1c". Equal secrets give equal forms, so support staff can correlate; nothing of the secret
// itself is revealed. An empty input gives an empty string (nothing to hide, nothing to show).
[[nodiscard]] QString redact(QByteArrayView secret);

// The redaction rules of every timeline the program writes (fabrikam-cli --trace, the window's
// diagnostics and support bundle), in one place:
// - a key that names a secret (token, code, verifier, secret, password, otp, assertion,
//   authorization, cookie; any case, anywhere in the key);
[[nodiscard]] const QRegularExpression& secretNamedKey();
// - anything shaped like a JWT ("eyJ…" with two dots), whatever its key.
[[nodiscard]] const QRegularExpression& jwtShaped();

// One field of such a timeline: a string or bytes under a secret-named key becomes redact()'s form
// (values already in that form pass), a JWT-shaped part of any other string "[jwt]"; maps, hashes,
// lists and JSON values are redacted item by item (a list's items under the list's key); other
// types pass unchanged.
[[nodiscard]] QVariant redactField(const QString& key, const QVariant& value);
// All fields of an event, keys included (a JWT-shaped key becomes "[jwt]").
[[nodiscard]] QVariantMap redactFields(const QVariantMap& fields);

} // namespace Fabrikam::Common
