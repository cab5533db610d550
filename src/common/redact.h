#pragma once

#include <QByteArrayView>
#include <QJsonValue>
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

// The last line of defence before a document leaves the machine (the support bundle), over what
// the rules above already redacted: walks a JSON value and replaces whatever still looks like a
// JWT ("[jwt]"), keys included, and any opaque value (16+ characters of a token's alphabet) under
// a secret-named key (redact()'s form); short words there ("S256", an error name) stay readable.
// `replaced` counts the replacements.
[[nodiscard]] QJsonValue redactJson(const QString& key, const QJsonValue& value,
                                    int* replaced = nullptr);

} // namespace Fabrikam::Common
