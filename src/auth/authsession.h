#pragma once

#include "auth/accesstokenclaims.h"
#include "auth/authorizationflow.h"
#include "auth/authorizer.h"
#include "auth/challenge.h"
#include "auth/sessionpersistence.h"
#include "auth/sessionsettings.h"
#include "auth/stepup.h"
#include "auth/verifiedtoken.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantMap>

#include <chrono>
#include <optional>
#include <vector>

namespace Fabrikam::Auth {

class UserAgent;

// The one session state of the app or the CLI (AppAuth's AuthState), and the step-up rules of the
// seed:
//  - signIn(): a browser trip for the base scopes; the refresh token goes to SessionPersistence,
//    the access token stays in memory.
//  - restore(): next start, silently, by a refresh. Rotation-safe: a new refresh token is saved
//    before the new access token is handed out; concurrent refreshes share one request.
//  - stepUp(): "Step-up Authentication for APIs". A second authorization request for
//    transfer:funds (never offline_access) in its own flow. The elevated token is handed to the
//    caller and not kept here: the caller sends it once and wipes it.
//  - mfaAccessToken(): "Step-up Authentication for web apps". Reuses the MFA-fresh token while
//    its ID token proves MFA within sensitiveMaxAge, else re-authenticates with acr_values and
//    max_age; memory only, dropped by a timer when it ages out (auth_time + max age).
//  Both take the API's challenge (RFC 6750 §3, RFC 9470 §3) when it asked for the step-up: its
//  scope, acr_values and max_age go on the request instead of the profile's fixed ones.
//
// The browser trips themselves (discovery, the flows, Cancel) are the Authorizer's; this class
// decides what each asks for (stepup.h) and whether its answer may be adopted.
//
// Every completion runs exactly once, from the event loop, and not after its context died.
class AuthSession : public QObject
{
    Q_OBJECT

public:
    AuthSession(OidcClient& client, UserAgent& userAgent, const Common::Clock& clock,
                SessionPersistence* persistence, SessionSettings settings,
                QObject* parent = nullptr);

    [[nodiscard]] const SessionSettings& settings() const { return m_settings; }
    // Signed in: an ID token, or a session restored by a refresh whose answer had no ID token (OIDC
    // Core 12.2 allows that) — then the saved subject says who.
    [[nodiscard]] bool isSignedIn() const
    {
        return m_idToken.has_value() ||
               (!m_saved.subject.isEmpty() && !m_base.accessToken.isEmpty());
    }
    [[nodiscard]] QString subject() const
    {
        return m_idToken ? m_idToken->subject() : m_saved.subject;
    }
    [[nodiscard]] const std::optional<IdToken>& idToken() const { return m_idToken; }
    [[nodiscard]] const QStringList& grantedScopes() const { return m_base.accessScopes; }
    [[nodiscard]] bool hasScope(const QString& scope) const
    {
        return m_base.accessScopes.contains(scope);
    }
    // The ID token of the last MFA (step-up or verification), for the diagnostics view.
    [[nodiscard]] const std::optional<IdToken>& mfaIdToken() const { return m_mfaIdToken; }
    [[nodiscard]] bool hasRecentMfa(std::optional<qint64> maxAge = {}) const;
    // An MFA-fresh access token is in hand: mfaAccessToken() without a challenge answers without
    // a browser trip. Fresh means both: the MFA within sensitiveMaxAge, and the token itself not
    // (nearly) expired. (A step-up's ID token proves MFA too, but its token was sent once and
    // wiped.)
    [[nodiscard]] bool hasMfaAccessToken() const { return m_verified.isFresh(); }
    // The decoded (never verified, see AccessTokenClaims) claims of the access tokens, for the
    // diagnostics view: the base token in use, the last elevated token (already handed out, sent
    // once and wiped by its user; its claims say what it allowed) and the last MFA-fresh token.
    [[nodiscard]] const std::optional<AccessTokenClaims>& accessTokenClaims() const
    {
        return m_issued.base;
    }
    [[nodiscard]] const std::optional<AccessTokenClaims>& elevatedAccessTokenClaims() const
    {
        return m_issued.elevated;
    }
    [[nodiscard]] const std::optional<AccessTokenClaims>& mfaAccessTokenClaims() const
    {
        return m_issued.verified;
    }
    [[nodiscard]] const std::optional<ServiceConfiguration>& configuration() const
    {
        return m_authorizer.configuration();
    }

    void signIn(QObject* context, Completion<bool> done);
    // Takes a saved session as it is, without asking the provider (e.g. to sign it out).
    [[nodiscard]] Common::Result<void> adopt(const PersistedSession& saved);
    // adopt() and a refresh: the silent sign-in at start.
    void restore(const PersistedSession& saved, QObject* context, Completion<bool> done);
    void accessToken(QObject* context, Completion<QByteArray> done);
    // challenge: the 401/403 that asked for this step-up, if any. Scopes: openid, stepUpScope and
    // the challenge's scope (never offline_access); its acr_values and max_age go on the request.
    void stepUp(const std::optional<BearerChallenge>& challenge, QObject* context,
                Completion<TokenSet> done);
    void stepUp(QObject* context, Completion<TokenSet> done)
    {
        stepUp(std::nullopt, context, std::move(done));
    }
    // RFC 6750 §3.1 for any other call: the API refused the token with 403 insufficient_scope.
    // A second authorization for openid and the challenge's scope (never offline_access; its
    // acr_values and max_age when given). The access token is for the caller's one retry: memory
    // only, not kept here.
    void challengedAccessToken(const BearerChallenge& challenge, QObject* context,
                               Completion<QByteArray> done);
    // challenge: the API's RFC 9470 challenge, if it refused the token in hand. Without one: the
    // profile's mfaAcr and sensitiveMaxAge, and a fresh-enough token is reused. With one: its
    // acr_values and max_age (when present) and a new verification, since the API refused ours.
    void mfaAccessToken(const std::optional<BearerChallenge>& challenge, QObject* context,
                        Completion<QByteArray> done);
    struct SignOutResult
    {
        // The provider's end-session URL (client_id, and id_token_hint while an ID token is in
        // hand); empty when it has none.
        QUrl endSession;
        // Why the provider could not be told to revoke the refresh token (unreachable, an error
        // answer), in words: the token was kept for retryRevocations() at the next start. Empty
        // when it was revoked, or the provider offers no revocation.
        std::optional<Common::Error> revocationFailed;
        bool revoked = false; // the provider confirmed the revocation (RFC 7009 §2.2)
    };
    // Cancels the browser trips still waiting, revokes the refresh token (RFC 7009) when the
    // provider can, forgets everything and clears the persistence, whatever the provider says.
    void signOut(QObject* context, Completion<SignOutResult> done);
    // Revokes the refresh tokens earlier sign-outs could not (SessionPersistence::unrevoked);
    // each one revoked now is dropped. `done`: how many still wait.
    void retryRevocations(QObject* context, Completion<int> done);
    // Cancels the browser trips in progress (their completions get Cancelled): those started for
    // `context` (e.g. the one panel whose Cancel was pressed), or all of them.
    void cancel(const QObject* context = nullptr) { m_authorizer.cancel(context); }

Q_SIGNALS:
    void urlReady(const QUrl& url, bool browserStarted);
    void signedInChanged(bool signedIn);
    // A redacted timeline event for traces and the diagnostics view: never a token or a code.
    void traced(const QString& event, const QVariantMap& fields);

private:
    template <class T> struct Waiter
    {
        QPointer<QObject> context;
        Completion<T> done;
    };

    // One more authorization as `spec` says (stepup.h; the flow of stepUp() and
    // challengedAccessToken()): `required` must be granted; traces `<event>.succeeded` /
    // `<event>.failed`.
    void authorizeFor(RequestSpec spec, QStringList required, const QString& event,
                      QObject* context, Completion<TokenSet> done);
    void traceFailure(const QString& event, const Common::Error& error);
    [[nodiscard]] static Common::Error revocationFailed(const Common::Error& why);
    void revokeNext(QList<PersistedSession> queue, int left, QObject* context,
                    Completion<int> done);
    // A browser trip for the person signed in (NotSignedIn when nobody is: a step-up for nobody
    // could not be checked). A provider that cannot verify the id_token_hint
    // (error=invalid_request, e.g. its key was retired since) gets one more trip with the
    // login_hint instead.
    void reauthorize(RequestSpec spec, QObject* context, Completion<TokenSet> done);
    // How the next re-authorization names the person signed in (stepup.h).
    [[nodiscard]] SignedInPerson person() const;
    // A re-authorization's answer is adopted only when its ID token names the person signed in
    // here (same issuer and subject); otherwise its tokens are wiped and this is the error.
    [[nodiscard]] std::optional<Common::Error> checkSamePerson(TokenSet& answer) const;
    // Under the cross-process lock (SessionPersistence::lockForRefresh): the saved session read
    // again, a newer refresh token of this session adopted, then refreshNow().
    void beginRefresh();
    void refreshNow();
    void finishRefresh(const Common::Result<QByteArray>& result);
    // The saved session now, when it is this session's (same issuer, client and subject):
    // another process may have rotated its refresh token. nullopt: none, another person's, or
    // the keychain cannot be read (then this process goes on with what it holds).
    void readSaved(Completion<std::optional<PersistedSession>> done);
    // The provider refused `failed` (invalid_grant): a newer saved token gets one more refresh;
    // otherwise the session is over.
    void refreshRefused(Common::Error why, QByteArray failed);
    // The refresh showed the session is over: forget it, remove the saved session when it still
    // holds `failed` (or cannot be read), then report. Another process's newer sign-in stays.
    void forgetEndedSession(Common::Error why, QByteArray failed);
    void persist(QObject* context, Completion<bool> done);
    void adoptBase(TokenSet set);
    void forget();
    void trace(const QString& event, QVariantMap fields = {});
    [[nodiscard]] bool accessTokenFresh() const;

    OidcClient& m_client;
    const Common::Clock& m_clock;
    SessionPersistence* m_persistence;
    const SessionSettings m_settings;
    Authorizer m_authorizer; // discovery and the browser trips

    TokenSet m_base;
    QByteArray m_refreshToken;
    std::optional<IdToken> m_idToken;
    QByteArray m_idTokenJwt; // m_idToken as sent, for id_token_hint; memory only
    // Who a restored session is for until a refreshed ID token says it again: the saved sub and
    // aud, checked against every refreshed ID token.
    struct SavedIdentity
    {
        QString subject;
        QStringList audiences;
    } m_saved;
    VerifiedToken m_verified; // the last verification's access token, while it is fresh
    std::optional<IdToken> m_mfaIdToken;
    // The decoded claims of the access tokens issued, for the diagnostics view: the base token in
    // use, the last elevated token (sent once and wiped by its user) and the last verified one.
    struct IssuedClaims
    {
        std::optional<AccessTokenClaims> base;
        std::optional<AccessTokenClaims> elevated;
        std::optional<AccessTokenClaims> verified;
    } m_issued;
    struct Refresh
    {
        std::vector<Waiter<QByteArray>> waiters;
        bool running = false;
        std::shared_ptr<void> lease; // the cross-process lock, while this process refreshes
        bool retried = false;        // once per refresh: a newer saved token after invalid_grant
    } m_refresh;
};

} // namespace Fabrikam::Auth
