#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <iosfwd>

class QDebug;

namespace Fabrikam::Vault {

// What survives a restart for one (profile, user): enough to ask the provider for fresh tokens,
// and nothing more. Stored by TokenVault as a small versioned JSON document (< 2 KiB):
//   {"v":1,"refresh_token":"…","issuer":"…","client_id":"…","sub":"…","scope":"openid …",
//    "saved_at":"2024-05-01T12:00:00.000Z"}
//
// There is deliberately no field for an access token, an ID token or the step-up (elevated)
// token: DESIGN.md sections 4–5 say the elevated token is never written anywhere, and access/ID
// tokens are short-lived and re-obtained with the refresh token. With no field to put them in,
// they cannot be saved by mistake; TokenVault also refuses a "refresh token" shaped like a JWT.
//
// Not printable (STYLE.md rule 6): no operator<<, no QDebug; log redactedDescription().
struct SessionRecord
{
    static constexpr int Version = 1;

    QByteArray refreshToken; // secret
    QString issuer;          // the provider's issuer identifier, exactly as discovered
    QString clientId;
    QString sub;           // the user at that issuer (OIDC Core 2: iss + sub identify the user)
    QStringList scopes;    // granted base scopes (never the step-up scope's grant alone)
    QStringList audiences; // the ID token's aud at sign-in; optional ("aud"), empty when absent
    QDateTime savedAt;     // UTC; stamped by TokenVault::save

    // "sub=… issuer=… client_id=… scope=… saved_at=… refresh_token=…3f9a1c": no secret in it.
    [[nodiscard]] QString redactedDescription() const;

    // Compact JSON, as stored. Does not validate (TokenVault::save does).
    [[nodiscard]] QByteArray toJson() const;
    // StoredDataInvalid when the document is not JSON, not version 1, or lacks a required member;
    // the detail names the member, never a value.
    [[nodiscard]] static Common::Result<SessionRecord> fromJson(QByteArrayView json);

    friend bool operator==(const SessionRecord&, const SessionRecord&) = default;

    // Printing a record is a compile error, so a token cannot reach a log by accident.
    friend QDebug operator<<(QDebug, const SessionRecord&) = delete;
    friend std::ostream& operator<<(std::ostream&, const SessionRecord&) = delete;
};

} // namespace Fabrikam::Vault
