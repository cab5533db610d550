#include "auth/verifiedtoken.h"

#include "auth/idtokenvalidator.h"
#include "common/secret.h"

#include <algorithm>

namespace Fabrikam::Auth {

VerifiedToken::VerifiedToken(const Common::Clock& clock, const SessionSettings& settings,
                             QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_settings(settings)
{
    m_agesOut.setSingleShot(true);
    connect(&m_agesOut, &QTimer::timeout, this, [this] {
        drop();
        Q_EMIT agedOut();
    });
}

VerifiedToken::~VerifiedToken()
{
    drop();
}

void VerifiedToken::hold(const TokenSet& verified)
{
    drop();
    m_token = verified.accessToken;
    m_idToken = verified.idToken;
    m_expiresAt = verified.accessExpiresAt;
    const QDateTime authTime =
        m_idToken && m_idToken->authTime() ? *m_idToken->authTime() : QDateTime();
    QDateTime agesOut =
        authTime.isValid() ? authTime.addSecs(m_settings.sensitiveMaxAge) : m_clock.now();
    if (m_expiresAt.isValid()) {
        agesOut = std::min(agesOut, m_expiresAt.addSecs(-kAccessTokenExpiryMarginSeconds));
    }
    m_agesOut.start(std::chrono::milliseconds(std::max<qint64>(m_clock.now().msecsTo(agesOut), 0)));
}

bool VerifiedToken::isFresh() const
{
    const QDateTime now = m_clock.now();
    return !m_token.isEmpty() && m_idToken &&
           hasRecentMfa(*m_idToken, now, m_settings.sensitiveMaxAge, m_settings.mfaAcr) &&
           accessTokenUsable(m_expiresAt, now);
}

void VerifiedToken::drop()
{
    m_agesOut.stop();
    Common::wipe(m_token);
    m_idToken.reset();
    m_expiresAt = {};
}

} // namespace Fabrikam::Auth
