#include "auth/loopback/callback.h"

#include "auth/errors.h"
#include "auth/loopback/callbackpage.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using namespace Qt::StringLiterals;

namespace {

// The receiver's category: one logging rule covers everything the loopback redirect does.
Q_LOGGING_CATEGORY(lcLoopback, "fabrikam.auth.loopback")

// The words below keep the receiver's translation context: they are what the receiver ends a
// flow with, and translations/fabrikam_de.ts files them under it.
QString malformedMessage()
{
    return QCoreApplication::translate(
        "Fabrikam::Auth::LoopbackReceiver",
        "The sign-in response from the browser was malformed. Try again.");
}

// Compares the whole length whatever the content, so that the time taken does not tell a local
// attacker how much of a guessed state was right. The length of state is not secret.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned int diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned int>(static_cast<unsigned char>(a[i]) ^
                                          static_cast<unsigned char>(b[i]));
    }
    return diff == 0;
}

} // namespace

CallbackVerdict evaluateCallback(QByteArrayView query, QByteArrayView state,
                                 const IssuerCheck& issuer)
{
    using Kind = CallbackVerdict::Kind;
    CallbackVerdict verdict;
    // The query is application/x-www-form-urlencoded as OAuth providers write it (RFC 6749
    // §4.1.2 via Appendix B): '+' is a space, as in "User+said+no". QUrlQuery follows RFC 3986
    // and would keep the '+', so '+' becomes %20 first; a literal plus arrives as %2B and
    // survives. Then QUrlQuery splits on '&' and '=' and decodes fully (UTF-8).
    QByteArray raw = query.toByteArray();
    raw.replace('+', "%20");
    const QUrlQuery urlQuery(QString::fromLatin1(raw));
    QList<QPair<QString, QString>> items;
    for (auto& item : urlQuery.queryItems(QUrl::FullyDecoded)) {
        if (!item.first.isEmpty()) {
            items.append(std::move(item));
        }
    }
    const auto valuesOf = [&items](QStringView name) {
        QStringList values;
        for (const auto& item : items) {
            if (item.first == name) {
                values.append(item.second);
            }
        }
        return values;
    };

    // RFC 6749 §10.12, RFC 8252 §8.9: only the response to our own request counts. A callback
    // with another state (an old tab, a forged link) is answered and the flow keeps waiting.
    const QStringList states = valuesOf(u"state");
    if (state.isEmpty() || states.size() != 1 ||
        !constantTimeEquals(states.front().toUtf8(), state)) {
        return verdict;
    }

    // From here on the response is the one we asked for: whatever it says ends the flow.
    const auto failed = [&verdict](ErrorCode code, const QString& message, const QString& detail) {
        verdict.kind = Kind::Failed;
        verdict.error = Error{code, message, detail};
        return verdict;
    };

    // RFC 6749 §3.1: parameters must not be included more than once.
    for (qsizetype i = 0; i < items.size(); ++i) {
        for (qsizetype j = i + 1; j < items.size(); ++j) {
            if (items[i].first == items[j].first) {
                return failed(Errc::CallbackInvalid, malformedMessage(),
                              u"repeated parameter: "_s + items[i].first);
            }
        }
    }

    // RFC 9207 §2.4: checked before the response is used at all, error responses included, so
    // that a mix-up attacker's words never reach the user either.
    const QStringList issValues = valuesOf(u"iss");
    const std::optional<QString> iss =
        issValues.isEmpty() ? std::nullopt : std::optional<QString>(issValues.front());
    if (!issuer.issuer.isEmpty()) {
        // Simple string comparison (RFC 9207 §2.4 referring to RFC 3986 §6.2.1).
        if (iss && *iss != issuer.issuer) {
            qCWarning(lcLoopback) << "authorization response from another issuer";
            return failed(Errc::IssuerMismatch,
                          QCoreApplication::translate(
                              "Fabrikam::Auth::LoopbackReceiver",
                              "The sign-in response came from a different identity provider than "
                              "the one Fabrikam asked. Sign-in was stopped for your safety."),
                          u"iss does not match the expected issuer"_s);
        }
        if (!iss && issuer.required) {
            qCWarning(lcLoopback) << "authorization response without the required iss";
            return failed(Errc::IssuerMissing,
                          QCoreApplication::translate(
                              "Fabrikam::Auth::LoopbackReceiver",
                              "The sign-in response did not say which identity provider sent it. "
                              "Sign-in was stopped for your safety."),
                          u"iss missing; the provider advertises "
                          "authorization_response_iss_parameter_supported"_s);
        }
    }

    // RFC 6749 §4.1.2.1: the provider's error response, in its own words.
    const QStringList errors = valuesOf(u"error");
    if (!errors.isEmpty()) {
        AuthorizationErrorResponse providerError;
        providerError.error = errors.front();
        providerError.errorDescription = valuesOf(u"error_description").value(0);
        providerError.errorUri = valuesOf(u"error_uri").value(0);
        // The provider's words go into the message shown by the CLI and the window: printable
        // and bounded, like on the page (a terminal escape or a line break is no sentence).
        const QString words = tidyProviderText(providerError.errorDescription.isEmpty()
                                                   ? providerError.error
                                                   : providerError.errorDescription);
        QString detail = u"error="_s + tidyProviderText(providerError.error);
        if (!providerError.errorUri.isEmpty()) {
            detail += u" error_uri="_s + tidyProviderText(providerError.errorUri);
        }
        verdict.kind = Kind::ProviderError;
        const Errc code = providerError.error == u"access_denied" ? Errc::AuthorizationDenied
                          : providerError.error == u"invalid_request"
                              ? Errc::AuthorizationRequestInvalid
                              : Errc::AuthorizationFailed;
        verdict.error = Error{code,
                              QCoreApplication::translate("Fabrikam::Auth::LoopbackReceiver",
                                                          "Sign-in did not complete: %1")
                                  .arg(words),
                              detail};
        verdict.providerText = words;
        verdict.providerError = std::move(providerError);
        return verdict;
    }

    const QStringList codes = valuesOf(u"code");
    if (codes.isEmpty() || codes.front().isEmpty()) {
        return failed(Errc::CallbackInvalid, malformedMessage(),
                      u"neither code nor error in the authorization response"_s);
    }

    verdict.kind = Kind::Succeeded;
    verdict.response.code = codes.front();
    verdict.response.state = state.toByteArray();
    verdict.response.iss = iss;
    verdict.response.parameters = std::move(items);
    return verdict;
}

} // namespace Fabrikam::Auth
