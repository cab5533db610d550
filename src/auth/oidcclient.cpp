#include "auth/oidcclient.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace Fabrikam::Auth {

Q_LOGGING_CATEGORY(lcOidc, "fabrikam.auth.oidc")

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

constexpr qint64 kMaxResponseBytes = 1024 * 1024;

Error unavailable(const QString& detail)
{
    return Error{ErrorCode::ProviderUnavailable,
                 QCoreApplication::translate("Fabrikam::Auth",
                                             "The sign-in service cannot be reached. Check your "
                                             "connection and try again."),
                 detail};
}

} // namespace

OidcClient::OidcClient(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{}

void OidcClient::watch(QNetworkReply* reply, QObject* context, RawHandler handler)
{
    // A bounded download: a hostile or broken peer cannot make us buffer without end.
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxResponseBytes) {
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, context, [reply, handler = std::move(handler)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString netError;
        if (status == 0) {
            netError = reply->error() == QNetworkReply::OperationCanceledError
                           ? QStringLiteral("timed out or response too large")
                           : reply->errorString();
        }
        handler(status, reply->readAll(), netError);
    });
    // If the context dies first, the reply is still cleaned up.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void OidcClient::get(const QUrl& url, QObject* context, RawHandler handler)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    watch(m_network.get(request), context, std::move(handler));
}

void OidcClient::postForm(const QUrl& url, const QUrlQuery& form, QObject* context,
                          RawHandler handler)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    // Token requests are never redirected (a redirect could move the code to another host).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    watch(m_network.post(request, form.query(QUrl::FullyEncoded).toLatin1()), context,
          std::move(handler));
}

void OidcClient::discover(const QString& issuer, QObject* context,
                          Completion<ServiceConfiguration> done)
{
    const QUrl url = ServiceConfiguration::discoveryUrl(issuer);
    if (!isAcceptableEndpoint(url)) {
        QMetaObject::invokeMethod(
            context,
            [done, issuer] {
                done(Result<ServiceConfiguration>(Error{
                    ErrorCode::InsecureEndpoint,
                    QCoreApplication::translate(
                        "Fabrikam::Auth", "The issuer in the profile must be an https address."),
                    issuer}));
            },
            Qt::QueuedConnection);
        return;
    }
    qCDebug(lcOidc) << "discovery" << url.toString();
    get(url, context, [done, issuer](int status, const QByteArray& body, const QString& netError) {
        if (status == 0) {
            done(Result<ServiceConfiguration>(
                unavailable(QStringLiteral("discovery: %1").arg(netError))));
        } else if (status != 200) {
            done(Result<ServiceConfiguration>(
                unavailable(QStringLiteral("discovery answered HTTP %1").arg(status))));
        } else {
            done(ServiceConfiguration::fromDocument(body, issuer));
        }
    });
}

void OidcClient::tokenRequest(const ServiceConfiguration& config, const QUrlQuery& form,
                              QObject* context, Completion<TokenResponse> done)
{
    postForm(config.tokenEndpoint, form, context,
             [done](int status, const QByteArray& body, const QString& netError) {
                 if (status == 0) {
                     done(Result<TokenResponse>(
                         unavailable(QStringLiteral("token endpoint: %1").arg(netError))));
                     return;
                 }
                 done(parseTokenResponse(status, body));
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
    tokenRequest(config, form, context, std::move(done));
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
    tokenRequest(config, form, context, std::move(done));
}

void OidcClient::revoke(const ServiceConfiguration& config, const QString& clientId,
                        const QByteArray& token, const QString& tokenTypeHint, QObject* context,
                        Completion<bool> done)
{
    if (config.revocationEndpoint.isEmpty()) {
        QMetaObject::invokeMethod(
            context, [done] { done(Result<bool>(false)); }, Qt::QueuedConnection);
        return;
    }
    QUrlQuery form;
    addFormField(form, QStringLiteral("token"), token);
    addFormField(form, QStringLiteral("token_type_hint"), tokenTypeHint.toUtf8());
    addFormField(form, QStringLiteral("client_id"), clientId.toUtf8());
    postForm(
        config.revocationEndpoint, form, context,
        [done](int status, const QByteArray& body, const QString& netError) {
            // RFC 7009 §2.2: 200 whether or not the token was valid.
            if (status == 200) {
                done(Result<bool>(true));
            } else if (status == 0 || status >= 500) {
                done(Result<bool>(
                    unavailable(QStringLiteral("revocation: %1")
                                    .arg(status ? QString::number(status) : netError))));
            } else {
                // 400 with an OAuth error (e.g. unsupported_token_type), or nonsense.
                auto parsed = parseTokenResponse(status, body);
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
    get(uri, context,
        [this, uri, done](int status, const QByteArray& body, const QString& netError) {
            if (status != 200) {
                done(Result<JsonWebKeySet>(unavailable(
                    QStringLiteral("JWKS: %1").arg(status ? QString::number(status) : netError))));
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
    if (!result.ok() && result.error().code == ErrorCode::UnknownKeyId) {
        // The provider may have rotated its keys since we cached them: one refetch, then refuse.
        fetchThenValidate();
        return;
    }
    QMetaObject::invokeMethod(
        context, [done, result = std::move(result)]() mutable { done(std::move(result)); },
        Qt::QueuedConnection);
}

} // namespace Fabrikam::Auth
