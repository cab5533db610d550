#pragma once

#include "common/async.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Fabrikam::Vault {

class SecretStore;

// Refresh tokens a sign-out could not revoke (RFC 7009: the provider was unreachable or answered
// with an error), kept for one more attempt at the next start. They stay secrets: one keychain
// entry per profile, `profile/<profile>/unrevoked` ({"v":1,"tokens":[{iss, client_id,
// refresh_token}]}), never a file. At most kMaxTokens, the oldest dropped first.
class UnrevokedTokens
{
public:
    struct Token
    {
        QString issuer;
        QString clientId;
        QByteArray refreshToken;
    };
    static constexpr qsizetype kMaxTokens = 8;

    UnrevokedTokens(SecretStore& store, QString profile);

    void add(const Token& token, QObject* context, Common::Completion<void> done);
    // The tokens waiting; empty when none (or the entry does not parse: it is then replaced by
    // the next add() and removed by the next remove()).
    void list(QObject* context, Common::Completion<QList<Token>> done);
    void remove(const QByteArray& refreshToken, QObject* context, Common::Completion<void> done);

    [[nodiscard]] static QString key(const QString& profile);

private:
    void write(const QList<Token>& tokens, QObject* context, Common::Completion<void> done);

    SecretStore& m_store;
    const QString m_profile;
};

} // namespace Fabrikam::Vault
