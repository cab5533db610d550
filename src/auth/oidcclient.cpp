#include "auth/oidcclient.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace Fabrikam::Auth {

Q_LOGGING_CATEGORY(lcOidc, "fabrikam.auth.oidc")

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

constexpr qint64 kMaxResponseBytes = 1024 * 1024;
constexpr int kMaxRedirects = 5;

Error unavailable(const QString& detail)
{
    return Error{Errc::ProviderUnavailable,
                 QCoreApplication::translate("Fabrikam::Auth",
                                             "The sign-in service cannot be reached. Check your "
                                             "connection and try again."),
                 detail};
}

// Why watch() stopped a reply before it finished by itself.
enum class Stopped
{
    No,
    Deadline,
    TooLarge,
    InsecureRedirect,
};

} // namespace

OidcClient::OidcClient(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{}

void OidcClient::watch(QNetworkReply* reply, const QString& what, QObject* context,
                       RawHandler handler)
{
    auto stopped = std::make_shared<Stopped>(Stopped::No);
    const auto stop = [reply, stopped](Stopped why) {
        if (*stopped == Stopped::No) {
            *stopped = why;
            reply->abort();
        }
    };
    // A bounded download: a hostile or broken peer cannot make us buffer without end.
    connect(reply, &QNetworkReply::downloadProgress, reply, [stop](qint64 received, qint64) {
        if (received > kMaxResponseBytes) {
            stop(Stopped::TooLarge);
        }
    });
    // The transfer timeout only fires when nothing arrives for that long: a provider that sends
    // a byte now and then would hold the sign-in for ever. This is the deadline for the whole
    // answer.
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [stop] { stop(Stopped::Deadline); });
    deadline->start(m_timeout);
    // GET requests follow redirects (UserVerifiedRedirectPolicy), but only to where we would
    // have gone directly: https, or http on loopback (a redirect must not take discovery or the
    // keys to a plain-http host), and never from https down to http.
    connect(reply, &QNetworkReply::redirected, reply, [reply, stop](const QUrl& target) {
        const bool downgrade = reply->url().scheme() == QLatin1String("https") &&
                               target.scheme() != QLatin1String("https");
        if (isAcceptableEndpoint(target) && !downgrade) {
            Q_EMIT reply->redirectAllowed();
        } else {
            stop(Stopped::InsecureRedirect);
        }
    });
    connect(reply, &QNetworkReply::finished, context,
            [reply, what, stopped, handler = std::move(handler)] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                switch (*stopped) {
                case Stopped::Deadline:
                    handler(status, {},
                            unavailable(what + QStringLiteral(": no complete answer in time")));
                    return;
                case Stopped::TooLarge:
                    handler(status, {},
                            Error{Errc::InvalidProviderResponse,
                                  QCoreApplication::translate(
                                      "Fabrikam::Auth",
                                      "The sign-in service sent an answer Fabrikam cannot use. "
                                      "Please try again; if it keeps happening, contact support."),
                                  what + QStringLiteral(": answer larger than %1 bytes")
                                             .arg(kMaxResponseBytes)});
                    return;
                case Stopped::InsecureRedirect:
                    handler(status, {},
                            Error{Errc::InsecureEndpoint,
                                  QCoreApplication::translate(
                                      "Fabrikam::Auth",
                                      "The sign-in service named an address that is not secure "
                                      "(https). Fabrikam will not use it."),
                                  what + QStringLiteral(": redirect to an address that is not "
                                                        "https or loopback http refused")});
                    return;
                case Stopped::No:
                    break;
                }
                if (status == 0) {
                    handler(status, {},
                            unavailable(what + QStringLiteral(": ") +
                                        (reply->error() == QNetworkReply::OperationCanceledError
                                             ? QStringLiteral("timed out")
                                             : reply->errorString())));
                    return;
                }
                handler(status, reply->readAll(), std::nullopt);
            });
    // If the context dies first, the reply is still cleaned up.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void OidcClient::get(const QUrl& url, const QString& what, QObject* context, RawHandler handler)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setRawHeader("Accept", "application/json");
    watch(m_network.get(request), what, context, std::move(handler));
}

void OidcClient::postForm(const QUrl& url, const QString& what, const QUrlQuery& form,
                          QObject* context, RawHandler handler)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    // Token requests are never redirected (a redirect could move the code to another host).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    watch(m_network.post(request, form.query(QUrl::FullyEncoded).toLatin1()), what, context,
          std::move(handler));
}

void OidcClient::discover(const QString& issuer, QObject* context,
                          Completion<ServiceConfiguration> done)
{
    const QUrl url = ServiceConfiguration::discoveryUrl(issuer);
    if (!isAcceptableEndpoint(url)) {
        Common::deliverLater(
            context, std::move(done),
            Result<ServiceConfiguration>(
                Error{Errc::InsecureEndpoint,
                      QCoreApplication::translate(
                          "Fabrikam::Auth", "The issuer in the profile must be an https address."),
                      issuer}));
        return;
    }
    qCDebug(lcOidc) << "discovery" << url.toString();
    get(url, QStringLiteral("discovery"), context,
        [done, issuer](int status, const QByteArray& body, const std::optional<Error>& failed) {
            if (failed) {
                done(Result<ServiceConfiguration>(*failed));
            } else if (status != 200) {
                done(Result<ServiceConfiguration>(
                    unavailable(QStringLiteral("discovery answered HTTP %1").arg(status))));
            } else {
                done(ServiceConfiguration::fromDocument(body, issuer));
            }
        });
}

void OidcClient::tokenRequest(const ServiceConfiguration& config, const QUrlQuery& form,
                              TokenGrant grant, QObject* context, Completion<TokenResponse> done)
{
    postForm(config.tokenEndpoint, QStringLiteral("token endpoint"), form, context,
             [done, grant](int status, const QByteArray& body, const std::optional<Error>& failed) {
                 if (failed) {
                     done(Result<TokenResponse>(*failed));
                     return;
                 }
                 done(parseTokenResponse(status, body, grant));
             });
}

namespace {

// application/x-www-form-urlencoded with every reserved character encoded (RFC 6749 appendix B):
// codes and tokens may contain "+", "/" and "=" (STACK.md: Qt 6.4's own flow got this wrong).
void addFormField(QUrlQuery& form, const QString& key, const QByteArray& value)
{
    form.addQueryItem(key,
                      QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(value))));
}

} // namespace

void OidcClient::exchangeCode(const ServiceConfiguration& config,
                              const AuthorizationRequest& request, const QByteArray& code,
                              QObject* context, Completion<TokenResponse> done)
{
    QUrlQuery form;
    addFormField(form, QStringLiteral("grant_type"), "authorization_code");
    addFormField(form, QStringLiteral("code"), code);
    addFormField(form, QStringLiteral("redirect_uri"),
                 request.redirectUri().toString(QUrl::FullyEncoded).toLatin1());
    addFormField(form, QStringLiteral("client_id"), request.clientId().toUtf8());
    addFormField(form, QStringLiteral("code_verifier"), request.codeVerifier().value());
    tokenRequest(config, form, TokenGrant::AuthorizationCode, context, std::move(done));
}

void OidcClient::refresh(const ServiceConfiguration& config, const QString& clientId,
                         const QByteArray& refreshToken, const QStringList& scopes,
                         QObject* context, Completion<TokenResponse> done)
{
    QUrlQuery form;
    addFormField(form, QStringLiteral("grant_type"), "refresh_token");
    addFormField(form, QStringLiteral("refresh_token"), refreshToken);
    addFormField(form, QStringLiteral("client_id"), clientId.toUtf8());
    if (!scopes.isEmpty()) {
        addFormField(form, QStringLiteral("scope"), scopes.join(QLatin1Char(' ')).toUtf8());
    }
    tokenRequest(config, form, TokenGrant::RefreshToken, context, std::move(done));
}

void OidcClient::revoke(const ServiceConfiguration& config, const QString& clientId,
                        const QByteArray& token, const QString& tokenTypeHint, QObject* context,
                        Completion<bool> done)
{
    if (config.revocationEndpoint.isEmpty()) {
        Common::deliverLater(context, std::move(done), Result<bool>(false));
        return;
    }
    QUrlQuery form;
    addFormField(form, QStringLiteral("token"), token);
    addFormField(form, QStringLiteral("token_type_hint"), tokenTypeHint.toUtf8());
    addFormField(form, QStringLiteral("client_id"), clientId.toUtf8());
    postForm(
        config.revocationEndpoint, QStringLiteral("revocation"), form, context,
        [done](int status, const QByteArray& body, const std::optional<Error>& failed) {
            // RFC 7009 §2.2: 200 whether or not the token was valid.
            if (failed) {
                done(Result<bool>(*failed));
            } else if (status == 200) {
                done(Result<bool>(true));
            } else if (status >= 500) {
                done(Result<bool>(unavailable(QStringLiteral("revocation: %1").arg(status))));
            } else {
                // 400 with an OAuth error (e.g. unsupported_token_type), or nonsense.
                auto parsed = parseTokenResponse(status, body, TokenGrant::None);
                done(Result<bool>(
                    parsed.ok()
                        ? unavailable(QStringLiteral("revocation answered HTTP %1").arg(status))
                        : parsed.error()));
            }
        });
}

void OidcClient::fetchJwks(const QUrl& uri, QObject* context, Completion<JsonWebKeySet> done)
{
    ++m_jwksFetches;
    get(uri, QStringLiteral("JWKS"), context,
        [this, uri, done](int status, const QByteArray& body, const std::optional<Error>& failed) {
            if (failed) {
                done(Result<JsonWebKeySet>(*failed));
                return;
            }
            if (status != 200) {
                done(Result<JsonWebKeySet>(
                    unavailable(QStringLiteral("JWKS: HTTP %1").arg(status))));
                return;
            }
            auto keys = JsonWebKeySet::parse(body);
            if (keys.ok()) {
                m_jwks.insert(uri, keys.value());
            }
            done(std::move(keys));
        });
}

void OidcClient::validateIdToken(const ServiceConfiguration& config, const QByteArray& idToken,
                                 const IdTokenChecks& checks, const QDateTime& now,
                                 QObject* context, Completion<IdToken> done)
{
    const QUrl uri = config.jwksUri;
    const auto validateWith = [idToken, checks, now](const JsonWebKeySet& keys) {
        return Auth::validateIdToken(idToken, checks, keys, now);
    };
    const auto fetchThenValidate = [this, uri, context, done, validateWith] {
        fetchJwks(uri, context, [done, validateWith](Result<JsonWebKeySet> keys) {
            if (!keys.ok()) {
                done(Result<IdToken>(keys.error()));
                return;
            }
            done(validateWith(keys.value()));
        });
    };

    const auto cached = m_jwks.constFind(uri);
    if (cached == m_jwks.constEnd()) {
        fetchThenValidate();
        return;
    }
    auto result = validateWith(*cached);
    if (!result.ok() && result.error().code == Errc::UnknownKeyId) {
        // The provider may have rotated its keys since we cached them: one refetch, then refuse.
        fetchThenValidate();
        return;
    }
    Common::deliverLater(context, std::move(done), std::move(result));
}

} // namespace Fabrikam::Auth
