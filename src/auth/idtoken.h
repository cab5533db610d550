#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Fabrikam::Auth {

struct IdTokenChecks;
class JsonWebKeySet;

// A validated OpenID Connect ID token (OIDC Core 2). Only validateIdToken() makes one, so holding
// an IdToken means every check of OIDC Core 3.1.3.7 passed. It does not keep the compact JWT:
// whoever needs it again (id_token_hint for RP-initiated logout) keeps it as the secret it is.
// Deliberately no operator<< and no QDebug support.
class IdToken
{
public:
    [[nodiscard]] const QString& issuer() const { return m_issuer; }                   // iss
    [[nodiscard]] const QString& subject() const { return m_subject; }                 // sub
    [[nodiscard]] const QStringList& audiences() const { return m_audiences; }         // aud
    [[nodiscard]] const QString& authorizedParty() const { return m_authorizedParty; } // azp
    [[nodiscard]] const QDateTime& expiresAt() const { return m_expiresAt; }           // exp (UTC)
    [[nodiscard]] const QDateTime& issuedAt() const { return m_issuedAt; }             // iat (UTC)
    [[nodiscard]] const std::optional<QDateTime>& authTime() const { return m_authTime; }
    [[nodiscard]] const QString& nonce() const { return m_nonce; }
    [[nodiscard]] const QString& acr() const { return m_acr; }
    [[nodiscard]] const QStringList& amr() const { return m_amr; }
    [[nodiscard]] const QString& name() const { return m_name; }   // OIDC Core 5.1, may be empty
    [[nodiscard]] const QString& email() const { return m_email; } // OIDC Core 5.1, may be empty
    // Every claim of the payload, for the diagnostics view's decoded-claims table.
    [[nodiscard]] const QJsonObject& claims() const { return m_claims; }
    // The JWS header's alg and kid, for diagnostics ("signed with RS256, key k1").
    [[nodiscard]] const QString& signingAlgorithm() const { return m_signingAlgorithm; }
    [[nodiscard]] const QString& keyId() const { return m_keyId; }

private:
    IdToken() = default;
    friend Common::Result<IdToken> validateIdToken(QByteArrayView jwt, const IdTokenChecks& checks,
                                                   const JsonWebKeySet& keys, const QDateTime& now);

    QString m_issuer;
    QString m_subject;
    QStringList m_audiences;
    QString m_authorizedParty;
    QDateTime m_expiresAt;
    QDateTime m_issuedAt;
    std::optional<QDateTime> m_authTime;
    QString m_nonce;
    QString m_acr;
    QStringList m_amr;
    QString m_name;
    QString m_email;
    QJsonObject m_claims;
    QString m_signingAlgorithm;
    QString m_keyId;
};

} // namespace Fabrikam::Auth
