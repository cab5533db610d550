#include "auth/authsession.h"

#include "auth/errors.h"
#include "auth/idtokenvalidator.h"
#include "auth/stepup.h"
#include "auth/useragent.h"
#include "common/redact.h"
#include "common/secret.h"

#include <QCoreApplication>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

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
    , m_clock(clock)
    , m_persistence(persistence)
    , m_settings(std::move(settings))
    , m_authorizer(client, userAgent, clock, m_settings)
    , m_verified(m_clock, m_settings)
{
    connect(&m_authorizer, &Authorizer::urlReady, this, &AuthSession::urlReady);
    connect(&m_authorizer, &Authorizer::traced, this, &AuthSession::traced);
    connect(&m_verified, &VerifiedToken::agedOut, this,
            [this] { trace(QStringLiteral("mfa.aged_out")); });
}

void AuthSession::trace(const QString& event, QVariantMap fields)
{
    Q_EMIT traced(event, fields);
}

SignedInPerson AuthSession::person() const
{
    const QString email = m_idToken ? m_idToken->email() : QString();
    return SignedInPerson{m_idTokenJwt, email.isEmpty() ? subject() : email};
}

std::optional<Error> AuthSession::checkSamePerson(TokenSet& answer) const
{
    const auto& config = m_authorizer.configuration();
    if (answer.idToken && config && answer.idToken->issuer() == config->issuer &&
        !subject().isEmpty() && answer.idToken->subject() == subject()) {
        return std::nullopt;
    }
    // Someone else's tokens: nothing of them is kept or sent (STYLE.md rule 6).
    Common::wipe(answer.accessToken);
    Common::wipe(answer.refreshToken);
    Common::wipe(answer.idTokenJwt);
    const QString here =
        m_idToken && !m_idToken->email().isEmpty() ? m_idToken->email() : subject();
    return Error{Errc::AnotherAccount,
                 QCoreApplication::translate(
                     "Fabrikam::Auth",
                     "Another account answered in the browser, not the one signed in here (%1). "
                     "Fabrikam used nothing from it. Sign out of the other account on the sign-in "
                     "page, or use a private browser window, then try again.")
                     .arg(here),
                 answer.idToken ? QStringLiteral("ID token names another subject")
                                : QStringLiteral("no ID token to tell who answered")};
}

void AuthSession::reauthorize(RequestSpec spec, QObject* context, Completion<TokenSet> done)
{
    if (!isSignedIn()) {
        Common::deliverLater(context, std::move(done), Result<TokenSet>(notSignedIn()));
        return;
    }
    const bool hinted = !spec.idTokenHint.isEmpty();
    RequestSpec again = spec;
    m_authorizer.authorize(std::move(spec), context,
                           [this, hinted, again = std::move(again), context,
                            done = std::move(done)](Result<TokenSet> result) mutable {
                               if (result.ok() || !hinted ||
                                   result.error().code != Errc::AuthorizationRequestInvalid) {
                                   done(std::move(result));
                                   return;
                               }
                               trace(QStringLiteral("hint.refused"));
                               Common::wipe(m_idTokenJwt); // until a newer ID token arrives
                               again.idTokenHint.clear();
                               again.loginHint = person().loginHint;
                               m_authorizer.authorize(std::move(again), context, std::move(done));
                           });
}

void AuthSession::traceFailure(const QString& event, const Error& error)
{
    trace(event + QStringLiteral(".failed"),
          {{QStringLiteral("error"), Common::errorCodeName(error.code)},
           {QStringLiteral("detail"), error.detail}});
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

void AuthSession::signIn(QObject* context, Completion<bool> done)
{
    m_authorizer.authorize(signInRequest(m_settings), context,
                           [this, context, done = std::move(done)](Result<TokenSet> result) {
                               if (!result.ok()) {
                                   traceFailure(QStringLiteral("signin"), result.error());
                                   done(Result<bool>(result.error()));
                                   return;
                               }
                               adoptBase(std::move(result).value());
                               trace(QStringLiteral("signin.succeeded"), claimsSummary(*m_idToken));
                               persist(context, done);
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
        Common::wipe(m_idTokenJwt);
        m_idTokenJwt = std::exchange(set.idTokenJwt, {});
    }
    m_base = std::move(set);
    m_base.refreshToken.clear(); // kept once, in m_refreshToken
    m_issued.base = decodeAccessTokenClaims(m_base.accessToken);
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
        m_refreshToken,    m_idToken ? m_idToken->audiences() : m_saved.audiences};
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
    m_saved.subject = saved.subject;
    m_saved.audiences = saved.audiences;
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
    if (m_refresh.running) {
        m_refresh.waiters.push_back({context, std::move(done)});
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
    m_refresh.waiters.push_back({context, std::move(done)});
    m_refresh.running = true;
    m_refresh.retried = false;
    beginRefresh();
}

void AuthSession::beginRefresh()
{
    if (!m_persistence) {
        refreshNow();
        return;
    }
    m_persistence->lockForRefresh(
        m_settings.issuer, m_settings.clientId, subject(), this,
        [this](Result<std::shared_ptr<void>> lease) {
            if (!lease.ok()) {
                traceFailure(QStringLiteral("refresh.lock"), lease.error());
                finishRefresh(Result<QByteArray>(lease.error()));
                return;
            }
            m_refresh.lease = std::move(lease).value();
            readSaved([this](Result<std::optional<PersistedSession>> saved) {
                if (saved.ok() && saved.value() && saved.value()->refreshToken != m_refreshToken) {
                    // Another process refreshed since this one read the keychain: its token is
                    // the live one; ours was rotated away and would end the grant if presented.
                    Common::wipe(m_refreshToken);
                    m_refreshToken = saved.value()->refreshToken;
                    trace(QStringLiteral("refresh.adopted_saved"));
                }
                refreshNow();
            });
        });
}

void AuthSession::readSaved(Completion<std::optional<PersistedSession>> done)
{
    using Saved = Result<std::optional<PersistedSession>>;
    m_persistence->load(this, [this, done = std::move(done)](Saved saved) {
        if (!saved.ok()) {
            traceFailure(QStringLiteral("session.reread"), saved.error());
            done(Saved(std::nullopt));
            return;
        }
        const auto& record = saved.value();
        const bool thisSession = record && record->issuer == m_settings.issuer &&
                                 record->clientId == m_settings.clientId &&
                                 record->subject == subject() && !record->refreshToken.isEmpty();
        done(thisSession ? std::move(saved) : Saved(std::nullopt));
    });
}

void AuthSession::refreshNow()
{
    trace(QStringLiteral("refresh.requested"));
    m_authorizer.withConfig(this, [this](Result<ServiceConfiguration> config) {
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
                    traceFailure(QStringLiteral("refresh"), response.error());
                    if (response.error().code == Errc::SessionExpired) {
                        refreshRefused(response.error(), used);
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
                set.idTokenJwt = t.idToken;
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
                    *m_authorizer.configuration(), t.idToken, checks, now, this,
                    [this, set = std::move(set), adopt, used](Result<IdToken> id) mutable {
                        if (!id.ok()) {
                            finishRefresh(Result<QByteArray>(id.error()));
                            return;
                        }
                        const bool sameUser =
                            m_idToken
                                ? sameSubject(*m_idToken, id.value())
                                : (m_saved.subject.isEmpty() ||
                                   id.value().subject() == m_saved.subject) &&
                                      (m_saved.audiences.isEmpty() ||
                                       sameAudiences(m_saved.audiences, id.value().audiences()));
                        if (!sameUser) {
                            // The grant now speaks for someone else: the saved session is no
                            // longer this person's either, so it goes too (as on invalid_grant);
                            // otherwise every start would present it again.
                            forgetEndedSession(
                                Error{Errc::IssuerMismatch,
                                      QCoreApplication::translate(
                                          "Fabrikam::Auth",
                                          "The sign-in service answered for another "
                                          "person. Please sign in again."),
                                      QStringLiteral("refreshed ID token changed iss, sub or aud")},
                                used);
                            return;
                        }
                        set.idToken = std::move(id).value();
                        adopt(std::move(set));
                    });
            });
    });
}

void AuthSession::refreshRefused(Error why, QByteArray failed)
{
    if (!m_persistence) {
        forgetEndedSession(std::move(why), std::move(failed));
        return;
    }
    readSaved([this, why = std::move(why),
               failed = std::move(failed)](Result<std::optional<PersistedSession>> saved) mutable {
        if (saved.value() && saved.value()->refreshToken != failed && !m_refresh.retried) {
            // Saved while this refresh ran (a process that takes no lock, or a new sign-in):
            // that token may still be good.
            m_refresh.retried = true;
            Common::wipe(m_refreshToken);
            m_refreshToken = saved.value()->refreshToken;
            trace(QStringLiteral("refresh.adopted_saved"));
            refreshNow();
            return;
        }
        forgetEndedSession(std::move(why), std::move(failed));
    });
}

void AuthSession::forgetEndedSession(Error why, QByteArray failed)
{
    forget();
    if (!m_persistence) {
        finishRefresh(Result<QByteArray>(std::move(why)));
        return;
    }
    // The waiters hear of it once the saved session is gone: a CLI run that ends right after
    // must not leave it behind. But only this session's, and only while it holds the token that
    // failed: a newer one saved by another process (a new sign-in) is not ours to delete.
    m_persistence->load(this, [this, why = std::move(why), failed = std::move(failed)](
                                  Result<std::optional<PersistedSession>> saved) {
        const bool newerSaved =
            saved.ok() && saved.value() && saved.value()->refreshToken != failed;
        if (newerSaved) {
            trace(QStringLiteral("session.kept_newer"));
            finishRefresh(Result<QByteArray>(why));
            return;
        }
        m_persistence->clear(this,
                             [this, why](Result<bool>) { finishRefresh(Result<QByteArray>(why)); });
    });
}

void AuthSession::finishRefresh(const Result<QByteArray>& result)
{
    m_refresh.running = false;
    m_refresh.lease.reset(); // the next process may refresh now; our new token is saved
    auto waiters = std::exchange(m_refresh.waiters, {});
    for (auto& w : waiters) {
        if (w.context) {
            Common::deliverLater(w.context.data(), std::move(w.done), result);
        }
    }
}

void AuthSession::stepUp(const std::optional<BearerChallenge>& challenge, QObject* context,
                         Completion<TokenSet> done)
{
    authorizeFor(transferStepUpRequest(m_settings, challenge, person()), {m_settings.stepUpScope},
                 QStringLiteral("stepup"), context, std::move(done));
}

void AuthSession::challengedAccessToken(const BearerChallenge& challenge, QObject* context,
                                        Completion<QByteArray> done)
{
    authorizeFor(permissionRequest(m_settings, challenge, person()), challenge.scope,
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
    reauthorize(std::move(spec), context,
                [this, done = std::move(done), required = std::move(required),
                 event](Result<TokenSet> result) {
                    if (!result.ok()) {
                        traceFailure(event, result.error());
                        done(std::move(result));
                        return;
                    }
                    // Moved, never copied: this TokenSet holds the only reference to the access
                    // token's bytes, and it goes on to its one user, whose wipe (e.g.
                    // FabrikamApiClient::submitTransfer) overwrites those bytes in place (STYLE.md
                    // rule 6).
                    TokenSet elevated = std::move(result).value();
                    if (auto other = checkSamePerson(elevated)) {
                        traceFailure(event, *other);
                        done(Result<TokenSet>(std::move(*other)));
                        return;
                    }
                    elevated.refreshToken.clear(); // not asked for; never kept
                    Common::wipe(elevated.idTokenJwt);
                    // The ID token of the last MFA: a scope step-up the provider granted without a
                    // second factor does not replace an earlier verification.
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
                    m_issued.elevated = decodeAccessTokenClaims(elevated.accessToken);
                    trace(event + QStringLiteral(".succeeded"),
                          elevated.idToken ? claimsSummary(*elevated.idToken) : QVariantMap{});
                    done(Result<TokenSet>(std::move(elevated)));
                });
}

void AuthSession::mfaAccessToken(const std::optional<BearerChallenge>& challenge, QObject* context,
                                 Completion<QByteArray> done)
{
    RequestSpec spec = verificationRequest(m_settings, challenge, person());
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
    reauthorize(
        std::move(spec), context, [this, wanted, done = std::move(done)](Result<TokenSet> result) {
            if (!result.ok()) {
                traceFailure(QStringLiteral("mfa"), result.error());
                done(Result<QByteArray>(result.error()));
                return;
            }
            TokenSet set = std::move(result).value();
            if (auto other = checkSamePerson(set)) {
                traceFailure(QStringLiteral("mfa"), *other);
                done(Result<QByteArray>(std::move(*other)));
                return;
            }
            Common::wipe(set.idTokenJwt);
            // A fresh verification counts even under max_age=0: it is as fresh as it gets.
            if (!set.idToken ||
                !Auth::hasRecentMfa(*set.idToken, m_clock.now(), std::max<qint64>(wanted, 60),
                                    m_settings.mfaAcr)) {
                trace(QStringLiteral("mfa.failed"),
                      {{QStringLiteral("error"), Common::errorCodeName(Errc::MfaNotPerformed)}});
                done(Result<QByteArray>(
                    Error{Errc::MfaNotPerformed,
                          QCoreApplication::translate("Fabrikam::Auth",
                                                      "The verification did not include a second "
                                                      "factor, so statements stay locked."),
                          QStringLiteral("ID token shows no recent MFA")}));
                return;
            }
            m_mfaIdToken = set.idToken;
            m_verified.hold(set);
            m_issued.verified = decodeAccessTokenClaims(set.accessToken);
            trace(QStringLiteral("mfa.verified"), claimsSummary(*set.idToken));
            done(Result<QByteArray>(m_verified.token()));
        });
}

void AuthSession::forget()
{
    const bool was = isSignedIn();
    m_base = TokenSet{};
    m_refreshToken.clear();
    m_idToken.reset();
    Common::wipe(m_idTokenJwt);
    m_verified.drop();
    m_mfaIdToken.reset();
    m_issued = {};
    m_saved = {};
    if (was) {
        Q_EMIT signedInChanged(false);
    }
}

Error AuthSession::revocationFailed(const Error& why)
{
    return Error{why.code,
                 QCoreApplication::translate(
                     "Fabrikam::Auth",
                     "You are signed out on this computer, but the sign-in service could not be "
                     "told to cancel the sign-in (%1). Fabrikam will try again the next time it "
                     "starts.")
                     .arg(why.message),
                 why.detail};
}

void AuthSession::signOut(QObject* context, Completion<SignOutResult> done)
{
    // A browser trip still waiting (a step-up, a verification) ends now: the person is leaving.
    cancel();
    const PersistedSession leaving{
        m_settings.issuer, m_settings.clientId, subject(), {}, m_refreshToken};
    // OIDC RP-Initiated Logout 1.0 §2 recommends it: the provider then knows whose session ends
    // and may skip asking. Only while it is in hand (a process that signs out a saved session it
    // never refreshed has none).
    const QByteArray idTokenHint = m_idTokenJwt;
    forget();
    // The local part always happens: the session leaves the keychain. A refresh token the
    // provider could not be told about is kept (in the keychain) for the next start.
    const auto finish = [this, context, leaving, done = std::move(done)](SignOutResult result) {
        trace(QStringLiteral("signout.completed"),
              {{QStringLiteral("revoked"), !result.revocationFailed.has_value()}});
        if (!m_persistence) {
            Common::deliverLater(context, done, Result<SignOutResult>(std::move(result)));
            return;
        }
        m_persistence->clear(context, [this, context, leaving, done,
                                       result = std::move(result)](Result<bool> cleared) {
            if (!cleared.ok()) {
                done(Result<SignOutResult>(cleared.error()));
                return;
            }
            if (!result.revocationFailed || leaving.refreshToken.isEmpty()) {
                done(Result<SignOutResult>(result));
                return;
            }
            m_persistence->keepForRevocation(
                leaving, context, [this, done, result](Result<bool> kept) {
                    trace(QStringLiteral("revocation.deferred"),
                          {{QStringLiteral("kept"), kept.ok() && kept.value()}});
                    done(Result<SignOutResult>(result));
                });
        });
    };
    m_authorizer.withConfig(context, [this, context, leaving, idTokenHint,
                                      finish](Result<ServiceConfiguration> config) {
        if (!config.ok()) {
            finish({QUrl(), revocationFailed(config.error()), false});
            return;
        }
        QUrl endSession = config.value().endSessionEndpoint;
        if (!endSession.isEmpty()) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("client_id"), m_settings.clientId);
            if (!idTokenHint.isEmpty()) {
                q.addQueryItem(QStringLiteral("id_token_hint"), QString::fromLatin1(idTokenHint));
            }
            endSession.setQuery(q);
        }
        if (leaving.refreshToken.isEmpty()) {
            finish({endSession, std::nullopt, false});
            return;
        }
        m_client.revoke(config.value(), m_settings.clientId, leaving.refreshToken,
                        QStringLiteral("refresh_token"), context,
                        [this, finish, endSession](Result<bool> revoked) {
                            trace(QStringLiteral("revocation.finished"),
                                  {{QStringLiteral("revoked"), revoked.ok() && revoked.value()}});
                            finish({endSession,
                                    revoked.ok()
                                        ? std::nullopt
                                        : std::optional<Error>(revocationFailed(revoked.error())),
                                    revoked.ok() && revoked.value()});
                        });
    });
}

void AuthSession::retryRevocations(QObject* context, Completion<int> done)
{
    if (!m_persistence) {
        Common::deliverLater(context, std::move(done), Result<int>(0));
        return;
    }
    m_persistence->unrevoked(
        context, [this, context, done = std::move(done)](Result<QList<PersistedSession>> waiting) {
            if (!waiting.ok() || waiting.value().isEmpty()) {
                done(waiting.ok() ? Result<int>(0) : Result<int>(waiting.error()));
                return;
            }
            // Tokens of this profile's provider and client only; one at a time.
            QList<PersistedSession> ours = waiting.value();
            ours.removeIf([this](const PersistedSession& t) {
                return t.issuer != m_settings.issuer || t.clientId != m_settings.clientId;
            });
            revokeNext(std::move(ours), int(waiting.value().size()), context, done);
        });
}

void AuthSession::revokeNext(QList<PersistedSession> queue, int left, QObject* context,
                             Completion<int> done)
{
    if (queue.isEmpty()) {
        trace(QStringLiteral("revocation.retried"), {{QStringLiteral("left"), left}});
        done(Result<int>(left));
        return;
    }
    const QByteArray token = queue.takeFirst().refreshToken;
    m_authorizer.withConfig(context, [this, context, token, left, queue = std::move(queue),
                                      done](Result<ServiceConfiguration> config) mutable {
        if (!config.ok()) {
            revokeNext({}, left, context, done); // unreachable again: all wait for the next start
            return;
        }
        m_client.revoke(
            config.value(), m_settings.clientId, token, QStringLiteral("refresh_token"), context,
            [this, context, token, left, queue, done](Result<bool> revoked) {
                if (!revoked.ok()) {
                    revokeNext(queue, left, context, done);
                    return;
                }
                m_persistence->revoked(
                    token, context, [this, context, left, queue, done](Result<bool> dropped) {
                        revokeNext(queue, dropped.ok() ? left - 1 : left, context, done);
                    });
            });
    });
}

} // namespace Fabrikam::Auth
