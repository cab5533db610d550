#pragma once

#include "auth/authorizationflow.h"
#include "auth/idtoken.h"
#include "auth/sessionsettings.h"
#include "common/clock.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <optional>

namespace Fabrikam::Auth {

// The access token of the last verification ("Step-up Authentication for web apps"), memory only.
// It is offered while its second factor is recent enough (auth_time + sensitiveMaxAge, by the
// session's clock) and the token itself has not (nearly) expired; at the earlier of the two a
// timer drops it and overwrites its bytes, rather than the next caller finding it stale.
class VerifiedToken final : public QObject
{
    Q_OBJECT

public:
    VerifiedToken(const Common::Clock& clock, const SessionSettings& settings,
                  QObject* parent = nullptr);
    ~VerifiedToken() override;

    // A verification's tokens; its ID token has proven a recent second factor (auth_time set).
    void hold(const TokenSet& verified);
    [[nodiscard]] bool isFresh() const;
    // Empty when none is held.
    [[nodiscard]] const QByteArray& token() const { return m_token; }
    void drop();

Q_SIGNALS:
    // The timer dropped the token: it is no longer fresh enough to be offered.
    void agedOut();

private:
    const Common::Clock& m_clock;
    const SessionSettings& m_settings;
    QByteArray m_token;
    std::optional<IdToken> m_idToken; // the verification's: its auth_time, amr and acr
    QDateTime m_expiresAt;            // invalid when the provider did not say
    QTimer m_agesOut;
};

} // namespace Fabrikam::Auth
