#include "auth/authsession.h"

#include "auth/errors.h"
#include "auth/idtokenvalidator.h"
#include "auth/stepup.h"
#include "auth/useragent.h"
#include "common/redact.h"

#include <QCoreApplication>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

// An access token is renewed this long before it expires, so it does not die on its way.

Error notSignedIn()
{
    return Error{Errc::NotSignedIn,
                 QCoreApplication::translate("Fabrikam::Auth", "You are not signed in."),
                 {}};
}

QVariantMap claimsSummary(const IdToken& id)
{
    return QVariantMap{
        {QStringLiteral("sub"), id.subject()},
        {QStringLiteral("acr"), id.acr()},
        {QStringLiteral("amr"), id.amr()},
        {QStringLiteral("auth_time"),
         id.authTime() ? id.authTime()->toString(Qt::ISODate) : QString()},
        {QStringLiteral("kid"), id.keyId()},
        {QStringLiteral("alg"), id.signingAlgorithm()},
    };
}

} // namespace

AuthSession::AuthSession(OidcClient& client, UserAgent& userAgent, const Common::Clock& clock,
                         SessionPersistence* persistence, SessionSettings settings, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_userAgent(userAgent)
    , m_clock(clock)
    , m_persistence(persistence)
    , m_settings(std::move(settings))
    , m_verified(m_clock, m_settings)
{
    connect(&m_verified, &VerifiedToken::agedOut, this,
            [this] { trace(QStringLiteral("mfa.aged_out")); });
}

void AuthSession::trace(const QString& event, QVariantMap fields)
{
    Q_EMIT traced(event, fields);
}

bool AuthSession::hasRecentMfa(std::optional<qint64> maxAge) const
{
    return m_mfaIdToken &&
           Auth::hasRecentMfa(*m_mfaIdToken, m_clock.now(),
                              maxAge.value_or(m_settings.sensitiveMaxAge), m_settings.mfaAcr);
}

bool AuthSession::accessTokenFresh() const
{
    return !m_base.accessToken.isEmpty() &&
           accessTokenUsable(m_base.accessExpiresAt, m_clock.now());
}

void AuthSession::withConfig(QObject* context, Completion<ServiceConfiguration> done)
{
    if (m_config) {
        Common::deliverLater(context, std::move(done), Result<ServiceConfiguration>(*m_config));
        return;
    }
    trace(QStringLiteral("discovery.requested"), {{QStringLiteral("issuer"), m_settings.issuer}});
    m_client.discover(
        m_settings.issuer, context,
        [this, done = std::move(done)](Result<ServiceConfiguration> config) {
            if (config.ok()) {
                m_config = config.value();
                trace(QStringLiteral("discovery.succeeded"),
                      {{QStringLiteral("iss_parameter"), m_config->issParameterSupported}});
            } else {
                trace(QStringLiteral("discovery.failed"),
                      {{QStringLiteral("error"), Common::errorCodeName(config.error().code)},
                       {QStringLiteral("detail"), config.error().detail}});
            }
            done(std::move(config));
        });
}

AuthorizationFlow* AuthSession::startFlow(const ServiceConfiguration& config, RequestSpec spec,
                                          QObject* context)
{
    AuthorizationFlow::Settings flowSettings{m_settings.clientId, m_settings.redirectPort,
                                             m_settings.browserTimeout, 300};
    trace(QStringLiteral("authorization.started"),
          {{QStringLiteral("scope"), spec.scopes.join(QLatin1Char(' '))},
           {QStringLiteral("acr_values"), spec.acrValues.join(QLatin1Char(' '))},
           {QStringLiteral("max_age"), spec.maxAge ? QVariant(*spec.maxAge) : QVariant()}});
    auto* flow = new AuthorizationFlow(m_client, m_userAgent, m_clock, config, flowSettings,
                                       std::move(spec), this);
    connect(flow, &AuthorizationFlow::urlReady, this, [this](const QUrl& url, bool started) {
        trace(QStringLiteral("browser.opened"),
              {{QStringLiteral("started"), started}, {QStringLiteral("host"), url.host()}});
        Q_EMIT urlReady(url, started);
    });
    connect(flow, &AuthorizationFlow::callbackReceived, this,
            [this] { trace(QStringLiteral("authorization.callback")); });
    // The code exchange's outcome (the token endpoint and the ID token checks), without a token:
    // what was granted, for how long, whether a refresh token and an ID token came with it. (No
    // key named like a secret, or the trace's redaction would hide these plain facts.)
    connect(flow, &AuthorizationFlow::finished, this, [this](const Result<TokenSet>& result) {
        if (!result.ok()) {
            return; // the caller traces its own <activity>.failed with the error
        }
        const TokenSet& set = result.value();
        trace(QStringLiteral("tokens.received"),
              {{QStringLiteral("scope"), set.accessScopes.join(QLatin1Char(' '))},
               {QStringLiteral("expires_in"),
                set.accessExpiresAt.isValid() ? QVariant(m_clock.now().secsTo(set.accessExpiresAt))
                                              : QVariant()},
               {QStringLiteral("refreshable"), !set.refreshToken.isEmpty()},
               {QStringLiteral("identity"), set.idToken.has_value()}});
    });
    connect(flow, &AuthorizationFlow::finished, flow, &QObject::deleteLater);
    m_flows.removeIf([](const RunningFlow& running) { return running.flow.isNull(); });
    m_flows.append({flow, context});
    return flow;
}

void AuthSession::signIn(QObject* context, Completion<bool> done)
{
    withConfig(context, [this, context,
                         done = std::move(done)](Result<ServiceConfiguration> config) {
        if (!config.ok()) {
            done(Result<bool>(config.error()));
            return;
        }
        auto* flow = startFlow(config.value(), signInRequest(m_settings), context);
        connect(flow, &AuthorizationFlow::finished, context,
                [this, context, done](const Result<TokenSet>& result) {
                    if (!result.ok()) {
                        trace(
                            QStringLiteral("signin.failed"),
                            {{QStringLiteral("error"), Common::errorCodeName(result.error().code)},
                             {QStringLiteral("detail"), result.error().detail}});
                        done(Result<bool>(result.error()));
                        return;
                    }
                    adoptBase(result.value());
                    trace(QStringLiteral("signin.succeeded"), claimsSummary(*m_idToken));
                    persist(context, done);
                });
        flow->start();
    });
}

void AuthSession::adoptBase(TokenSet set)
{
    const bool wasSignedIn = isSignedIn();
    if (!set.refreshToken.isEmpty()) {
        m_refreshToken = set.refreshToken;
    }
    if (set.idToken) {
        m_idToken = set.idToken;
    }
    m_base = std::move(set);
    m_base.refreshToken.clear(); // kept once, in m_refreshToken
    m_baseClaims = decodeAccessTokenClaims(m_base.accessToken);
    if (!wasSignedIn && isSignedIn()) {
        Q_EMIT signedInChanged(true);
    }
}

void AuthSession::persist(QObject* context, Completion<bool> done)
{
    // Without an ID token (a refresh may omit it) the saved subject still says who: a rotated
    // refresh token must be saved either way, or the next start would present a dead one.
    if (!m_persistence || m_refreshToken.isEmpty() || subject().isEmpty()) {
        Common::deliverLater(context, std::move(done), Result<bool>(false));
        return;
    }
    const PersistedSession saved{
        m_settings.issuer, m_settings.clientId,
        subject(),         m_base.accessScopes,
        m_refreshToken,    m_idToken ? m_idToken->audiences() : m_restoringAudiences};
    m_persistence->save(saved, context, [this, done = std::move(done)](Result<bool> stored) {
        trace(QStringLiteral("session.saved"),
              {{QStringLiteral("durable"), stored.ok() && stored.value()},
               {QStringLiteral("refresh_token"), Common::redact(m_refreshToken)}});
        done(std::move(stored));
    });
}

Result<void> AuthSession::adopt(const PersistedSession& saved)
{
    if (saved.issuer != m_settings.issuer || saved.clientId != m_settings.clientId ||
        saved.refreshToken.isEmpty()) {
        return Result<void>(
            Error{Errc::NotSignedIn,
                  QCoreApplication::translate("Fabrikam::Auth",
                                              "The saved sign-in belongs to another profile."),
                  QStringLiteral("issuer or client differs")});
    }
    m_refreshToken = saved.refreshToken;
    m_base = TokenSet{};
    m_base.accessScopes = saved.scopes;
    m_restoringSubject = saved.subject;
    m_restoringAudiences = saved.audiences;
    return {};
}

void AuthSession::restore(const PersistedSession& saved, QObject* context, Completion<bool> done)
{
    if (auto adopted = adopt(saved); !adopted.ok()) {
        Common::deliverLater(context, std::move(done), Result<bool>(adopted.error()));
        return;
    }
    accessToken(context, [this, done = std::move(done)](Result<QByteArray> token) {
        if (!token.ok()) {
            done(Result<bool>(token.error()));
            return;
        }
        trace(QStringLiteral("session.restored"),
              m_idToken ? claimsSummary(*m_idToken) : QVariantMap{});
        done(Result<bool>(true));
    });
}

void AuthSession::accessToken(QObject* context, Completion<QByteArray> done)
{
    // Rotation-safe: a refresh in progress has the last word, also once its new access token is
    // adopted, until the new refresh token is saved; the caller waits for it.
    if (m_refreshing) {
        m_refreshWaiters.push_back({context, std::move(done)});
        return;
    }
    if (accessTokenFresh()) {
        Common::deliverLater(context, std::move(done), Result<QByteArray>(m_base.accessToken));
        return;
    }
    if (m_refreshToken.isEmpty()) {
        Common::deliverLater(context, std::move(done), Result<QByteArray>(notSignedIn()));
        return;
    }
    m_refreshWaiters.push_back({context, std::move(done)});
    m_refreshing = true;
    refreshNow();
}

void AuthSession::refreshNow()
{
    trace(QStringLiteral("refresh.requested"));
    withConfig(this, [this](Result<ServiceConfiguration> config) {
        if (!config.ok()) {
            finishRefresh(Result<QByteArray>(config.error()));
            return;
        }
        // RFC 6749 §6: the refresh may narrow the scope, never widen it; we ask for nothing more.
        const QByteArray used = m_refreshToken;
        m_client.refresh(
            config.value(), m_settings.clientId, used, {}, this,
            [this, used](Result<TokenResponse> response) {
                if (!response.ok()) {
                    // The detail names the provider's OAuth error code and description (support).
                    trace(QStringLiteral("refresh.failed"),
                          {{QStringLiteral("error"), Common::errorCodeName(response.error().code)},
                           {QStringLiteral("detail"), response.error().detail}});
                    if (response.error().code == Errc::SessionExpired) {
                        // The grant is gone (revoked, expired or rotated elsewhere): signed out.
                        forgetEndedSession(response.error());
                        return;
                    }
                    finishRefresh(Result<QByteArray>(response.error()));
                    return;
                }
                TokenResponse t = std::move(response).value();
                const QDateTime now = m_clock.now();
                TokenSet set;
                set.accessToken = t.accessToken;
                set.accessExpiresAt = t.expiresIn ? now.addSecs(*t.expiresIn) : QDateTime();
                set.accessScopes = t.scopeReturned ? t.scope : m_base.accessScopes;
                set.refreshToken = t.refreshToken.isEmpty() ? used : t.refreshToken;
                const bool rotated = !t.refreshToken.isEmpty() && t.refreshToken != used;

                const auto adopt = [this, rotated](TokenSet adopted) {
                    adoptBase(std::move(adopted));
                    trace(QStringLiteral("refresh.succeeded"),
                          {{QStringLiteral("rotated"), rotated},
                           {QStringLiteral("scope"), m_base.accessScopes.join(QLatin1Char(' '))}});
                    // Rotation-safe: the new refresh token is stored before the access token is
                    // used.
                    if (rotated) {
                        persist(this, [this](Result<bool>) {
                            finishRefresh(Result<QByteArray>(m_base.accessToken));
                        });
                    } else {
                        finishRefresh(Result<QByteArray>(m_base.accessToken));
                    }
                };
                if (t.idToken.isEmpty()) {
                    // No ID token in the answer (OIDC Core 12.2): the saved subject says who.
                    adopt(std::move(set));
                    return;
                }
                // OIDC Core 12.2: a refreshed ID token keeps iss, sub and aud.
                IdTokenChecks checks{m_settings.issuer, m_settings.clientId, {}, {}, 300, true};
                m_client.validateIdToken(
                    *m_config, t.idToken, checks, now, this,
                    [this, set = std::move(set), adopt](Result<IdToken> id) mutable {
                        if (!id.ok()) {
                            finishRefresh(Result<QByteArray>(id.error()));
                            return;
                        }
                        const bool sameUser =
                            m_idToken
                                ? sameSubject(*m_idToken, id.value())
                                : (m_restoringSubject.isEmpty() ||
                                   id.value().subject() == m_restoringSubject) &&
                                      (m_restoringAudiences.isEmpty() ||
                                       sameAudiences(m_restoringAudiences, id.value().audiences()));
                        if (!sameUser) {
                            // The grant now speaks for someone else: the saved session is no
                            // longer this person's either, so it goes too (as on invalid_grant);
                            // otherwise every start would present it again.
                            forgetEndedSession(Error{
                                Errc::IssuerMismatch,
                                QCoreApplication::translate(
                                    "Fabrikam::Auth", "The sign-in service answered for another "
                                                      "person. Please sign in again."),
                                QStringLiteral("refreshed ID token changed iss, sub or aud")});
                            return;
                        }
                        set.idToken = std::move(id).value();
                        adopt(std::move(set));
                    });
            });
    });
}

void AuthSession::forgetEndedSession(Error why)
{
    forget();
    if (!m_persistence) {
        finishRefresh(Result<QByteArray>(std::move(why)));
        return;
    }
    // The waiters hear of it once the saved session is gone: a CLI run that ends right after
    // must not leave it behind.
    m_persistence->clear(this, [this, why = std::move(why)](Result<bool>) {
        finishRefresh(Result<QByteArray>(why));
    });
}

void AuthSession::finishRefresh(const Result<QByteArray>& result)
{
    m_refreshing = false;
    auto waiters = std::exchange(m_refreshWaiters, {});
    for (auto& w : waiters) {
        if (w.context) {
            Common::deliverLater(w.context.data(), std::move(w.done), result);
        }
    }
}

void AuthSession::stepUp(const std::optional<BearerChallenge>& challenge, QObject* context,
                         Completion<TokenSet> done)
{
    authorizeFor(transferStepUpRequest(m_settings, challenge), {m_settings.stepUpScope},
                 QStringLiteral("stepup"), context, std::move(done));
}

void AuthSession::challengedAccessToken(const BearerChallenge& challenge, QObject* context,
                                        Completion<QByteArray> done)
{
    authorizeFor(permissionRequest(m_settings, challenge), challenge.scope,
                 QStringLiteral("scope_stepup"), context,
                 [done = std::move(done)](Result<TokenSet> result) {
                     if (!result.ok()) {
                         done(Result<QByteArray>(result.error()));
                         return;
                     }
                     // Moved on, not copied: the caller's token is the only reference.
                     done(Result<QByteArray>(std::move(result).value().accessToken));
                 });
}

void AuthSession::authorizeFor(RequestSpec spec, QStringList required, const QString& event,
                               QObject* context, Completion<TokenSet> done)
{
    withConfig(context, [this, context, spec = std::move(spec), required = std::move(required),
                         event,
                         done = std::move(done)](Result<ServiceConfiguration> config) mutable {
        if (!config.ok()) {
            done(Result<TokenSet>(config.error()));
            return;
        }
        auto* flow = startFlow(config.value(), std::move(spec), context);
        connect(flow, &AuthorizationFlow::finished, context,
                [this, context, done, required, event](const Result<TokenSet>& result) {
                    if (!result.ok()) {
                        trace(
                            event + QStringLiteral(".failed"),
                            {{QStringLiteral("error"), Common::errorCodeName(result.error().code)},
                             {QStringLiteral("detail"), result.error().detail}});
                        done(result);
                        return;
                    }
                    // The flow's result is const and shares the token's buffer with this copy
                    // until the emission returns; see the hand-over below.
                    TokenSet elevated = result.value();
                    elevated.refreshToken.clear(); // not asked for; never kept
                    // The ID token of the last MFA: a scope step-up the provider granted without
                    // a second factor does not replace an earlier verification.
                    if (elevated.idToken &&
                        Auth::hasRecentMfa(*elevated.idToken, m_clock.now(),
                                           m_settings.sensitiveMaxAge, m_settings.mfaAcr)) {
                        m_mfaIdToken = elevated.idToken;
                    }
                    for (const QString& scope : required) {
                        if (!elevated.accessScopes.contains(scope)) {
                            const QString message =
                                scope == m_settings.stepUpScope
                                    ? QCoreApplication::translate(
                                          "Fabrikam::Auth",
                                          "Fabrikam could not get permission to move money.")
                                    : QCoreApplication::translate(
                                          "Fabrikam::Auth",
                                          "Fabrikam could not get the permission it needs (%1).")
                                          .arg(scope);
                            done(Result<TokenSet>(
                                Error{Errc::ScopeNotGranted, message,
                                      QStringLiteral("step-up token lacks %1").arg(scope)}));
                            return;
                        }
                    }
                    m_elevatedClaims = decodeAccessTokenClaims(elevated.accessToken);
                    trace(event + QStringLiteral(".succeeded"),
                          elevated.idToken ? claimsSummary(*elevated.idToken) : QVariantMap{});
                    // Handed on from the event loop, once the flow's result is gone: then this
                    // TokenSet holds the only reference to the access token's bytes, it is moved
                    // (never copied) to its one user, and that user's wipe (e.g.
                    // FabrikamApiClient::submitTransfer) overwrites those bytes in place instead
                    // of detaching and zeroing a private copy (STYLE.md rule 6).
                    Common::deliverLater(context, done, Result<TokenSet>(std::move(elevated)));
                });
        flow->start();
    });
}

void AuthSession::mfaAccessToken(const std::optional<BearerChallenge>& challenge, QObject* context,
                                 Completion<QByteArray> done)
{
    RequestSpec spec = verificationRequest(m_settings, challenge);
    const qint64 wanted = spec.maxAge.value_or(m_settings.sensitiveMaxAge);
    // max_age=0 asks for an authentication now (OIDC Core 3.1.2.1: it is prompt=login); auth_time
    // has whole seconds, so a verification within the same second must not count as that. A
    // challenge means the API refused the token in hand: showing it again would be no use.
    // Without one, `wanted` is sensitiveMaxAge: the token in hand is the one hasMfaAccessToken()
    // (what the window and BankReads ask) says is there.
    if (!challenge && wanted > 0 && hasMfaAccessToken()) {
        Common::deliverLater(context, std::move(done), Result<QByteArray>(m_verified.token()));
        return;
    }
    m_verified.drop();
    withConfig(context, [this, context, wanted, spec = std::move(spec),
                         done = std::move(done)](Result<ServiceConfiguration> config) mutable {
        if (!config.ok()) {
            done(Result<QByteArray>(config.error()));
            return;
        }
        auto* flow = startFlow(config.value(), std::move(spec), context);
        connect(
            flow, &AuthorizationFlow::finished, context,
            [this, wanted, done](const Result<TokenSet>& result) {
                if (!result.ok()) {
                    trace(QStringLiteral("mfa.failed"),
                          {{QStringLiteral("error"), Common::errorCodeName(result.error().code)},
                           {QStringLiteral("detail"), result.error().detail}});
                    done(Result<QByteArray>(result.error()));
                    return;
                }
                const TokenSet& set = result.value();
                // A fresh verification counts even under max_age=0: it is as fresh as it gets.
                if (!set.idToken ||
                    !Auth::hasRecentMfa(*set.idToken, m_clock.now(), std::max<qint64>(wanted, 60),
                                        m_settings.mfaAcr)) {
                    trace(
                        QStringLiteral("mfa.failed"),
                        {{QStringLiteral("error"), Common::errorCodeName(Errc::MfaNotPerformed)}});
                    done(Result<QByteArray>(Error{
                        Errc::MfaNotPerformed,
                        QCoreApplication::translate("Fabrikam::Auth",
                                                    "The verification did not include a second "
                                                    "factor, so statements stay locked."),
                        QStringLiteral("ID token shows no recent MFA")}));
                    return;
                }
                m_mfaIdToken = set.idToken;
                m_verified.hold(set);
                m_mfaClaims = decodeAccessTokenClaims(set.accessToken);
                trace(QStringLiteral("mfa.verified"), claimsSummary(*set.idToken));
                done(Result<QByteArray>(m_verified.token()));
            });
        flow->start();
    });
}

void AuthSession::forget()
{
    const bool was = isSignedIn();
    m_base = TokenSet{};
    m_refreshToken.clear();
    m_idToken.reset();
    m_verified.drop();
    m_mfaIdToken.reset();
    m_baseClaims.reset();
    m_elevatedClaims.reset();
    m_mfaClaims.reset();
    m_restoringSubject.clear();
    m_restoringAudiences.clear();
    if (was) {
        Q_EMIT signedInChanged(false);
    }
}

void AuthSession::cancel(const QObject* context)
{
    for (const auto& running : std::as_const(m_flows)) {
        if (running.flow && (!context || running.context == context)) {
            running.flow->cancel();
        }
    }
}

void AuthSession::signOut(QObject* context, Completion<QUrl> done)
{
    // A browser trip still waiting (a step-up, a verification) ends now: the person is leaving.
    cancel();
    const QByteArray refreshToken = m_refreshToken;
    const std::optional<IdToken> idToken = m_idToken;
    forget();
    const auto finish = [this, context, done = std::move(done)](QUrl endSession) {
        trace(QStringLiteral("signout.completed"));
        if (m_persistence) {
            m_persistence->clear(context, [done, endSession](Result<bool> cleared) {
                if (!cleared.ok()) {
                    done(Result<QUrl>(cleared.error()));
                } else {
                    done(Result<QUrl>(endSession));
                }
            });
        } else {
            Common::deliverLater(context, done, Result<QUrl>(endSession));
        }
    };
    withConfig(context, [this, context, refreshToken, finish](Result<ServiceConfiguration> config) {
        if (!config.ok()) {
            finish(QUrl()); // still forget locally
            return;
        }
        QUrl endSession = config.value().endSessionEndpoint;
        if (!endSession.isEmpty()) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("client_id"), m_settings.clientId);
            endSession.setQuery(q);
        }
        if (refreshToken.isEmpty()) {
            finish(endSession);
            return;
        }
        m_client.revoke(config.value(), m_settings.clientId, refreshToken,
                        QStringLiteral("refresh_token"), context,
                        [this, finish, endSession](Result<bool> revoked) {
                            trace(QStringLiteral("revocation.finished"),
                                  {{QStringLiteral("revoked"), revoked.ok() && revoked.value()}});
                            finish(endSession);
                        });
    });
}

} // namespace Fabrikam::Auth
