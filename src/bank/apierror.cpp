#include "bank/apierror.h"

#include "bank/errors.h"
#include "bank/parsers.h"

#include <QCoreApplication>

namespace Fabrikam::Bank {

using Common::ErrorCode;
using namespace Qt::StringLiterals;

namespace {

// Spelled out at every string: lupdate does not expand macros of our own.
const char* const kUnavailable = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam is temporarily unavailable. Nothing was changed; try again in a moment.");
const char* const kUnavailableNothingTransferred = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam is temporarily unavailable. Nothing was transferred; try again in a moment.");
const char* const kTransferOutcomeUnknown = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam did not confirm the transfer, so it is not known whether it was made. Check your "
    "transfers, or try again: the app repeats it with the same Idempotency-Key, so it cannot "
    "happen twice.");
const char* const kTransferTimeout = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam did not answer in time, so it is not known whether the transfer was made. Trying "
    "again is safe: the app repeats it with the same Idempotency-Key, so it cannot happen twice.");
const char* const kReadTimeout = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam did not answer in time. Nothing was changed; try again in a moment.");
const char* const kUnreachable =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Api",
                      "Fabrikam cannot be reached. Check your internet connection and try again.");
const char* const kUnreachableNothingTransferred =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Api",
                      "Fabrikam cannot be reached, so nothing was transferred. Check your internet "
                      "connection and try again.");
const char* const kInvalidToken = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam did not accept your sign-in (it expired or was already used). Please confirm again.");
const char* const kInsufficientScope =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Api", "This needs an extra confirmation that it is you.");
const char* const kInsufficientUserAuthentication = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "For your security, confirm that it is you with your second factor to see this.");
const char* const kRejected =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Api", "Fabrikam refused the request.");
const char* const kUnreadable = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam sent an answer the app cannot read. Please try again later or contact support.");
const char* const kTransferUnreadable = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Api",
    "Fabrikam sent an answer the app cannot read, so it is not known whether the transfer was "
    "made. Check your transfers before trying again; a retry uses the same Idempotency-Key.");

QString tr(const char* text)
{
    return QCoreApplication::translate("Fabrikam::Bank::Api", text);
}

ApiError make(ErrorCode code, const char* message, QString detail, const HttpAnswer& answer)
{
    ApiError error;
    error.code = code;
    error.message = tr(message);
    error.detail = std::move(detail);
    error.httpStatus = answer.status;
    return error;
}

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds. Only delay-seconds is used here.
std::optional<qint64> retryAfter(const QByteArray& value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 9) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (!ok || seconds < 0 ||
        !std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return seconds;
}

bool isJson(const QByteArray& contentType, QByteArrayView subtype)
{
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    return type == QByteArray("application/") + subtype;
}

// 401/403 with a Bearer challenge (RFC 6750 §3, RFC 9470 §3); nullopt when the challenge does not
// name one of the errors we act on.
std::optional<ApiError> fromChallenge(const HttpAnswer& answer)
{
    if (answer.wwwAuthenticate.isEmpty()) {
        return std::nullopt;
    }
    const auto parsed = Auth::parseBearerChallenge(answer.wwwAuthenticate);
    if (!parsed.ok()) {
        if (answer.status == 401) {
            return make(Errc::InvalidToken, kInvalidToken,
                        u"HTTP 401 with an unusable challenge: "_s + parsed.error().detail, answer);
        }
        return std::nullopt;
    }
    const Auth::BearerChallenge& bearer = parsed.value();
    std::optional<ApiError> error;
    if (bearer.error == u"insufficient_user_authentication") {
        // RFC 9470 §3: re-authenticate with acr_values and/or max_age, then retry.
        error = make(Errc::InsufficientUserAuthentication, kInsufficientUserAuthentication,
                     u"HTTP %1 insufficient_user_authentication acr_values=\"%2\" max_age=%3"_s
                         .arg(answer.status)
                         .arg(bearer.acrValues.join(u' '),
                              bearer.maxAge ? QString::number(*bearer.maxAge) : u"-"_s),
                     answer);
    } else if (bearer.error == u"insufficient_scope") {
        // RFC 6750 §3.1: a token with the named scope is needed.
        error = make(Errc::InsufficientScope, kInsufficientScope,
                     u"HTTP %1 insufficient_scope scope=\"%2\""_s.arg(answer.status)
                         .arg(bearer.scope.join(u' ')),
                     answer);
    } else if (bearer.error == u"invalid_token" ||
               (bearer.error.isEmpty() && answer.status == 401)) {
        // RFC 6750 §3.1 invalid_token; §3: no error code when no token was sent.
        error = make(
            Errc::InvalidToken, kInvalidToken,
            bearer.error.isEmpty()
                ? u"HTTP 401 without an error code (no token accepted)"_s
                : u"HTTP %1 invalid_token: %2"_s.arg(answer.status).arg(bearer.errorDescription),
            answer);
    } else {
        return std::nullopt;
    }
    error->challenge = bearer;
    return error;
}

} // namespace

ApiError errorAfterLostAnswer(const HttpAnswer& lost, const HttpAnswer& again)
{
    ApiError error = errorFromAnswer(again, RequestKind::Transfer);
    error.detail = u"first answer lost (network error %1), sent once more: %2"_s
                       .arg(static_cast<int>(lost.networkError))
                       .arg(error.detail);
    // A challenge is followed with the same Idempotency-Key, and a refusal of the bank's own
    // speaks for that key: both are answers about this transfer.
    if (error.needsStepUp() || error.isDefiniteRefusal()) {
        return error;
    }
    // Anything else (a 401 "token already used" from a bank that does not replay an exact retry,
    // a 503 for the second copy, a second lost answer) says nothing about the first copy.
    error.message = tr(kTransferOutcomeUnknown);
    error.outcomeUnknown = true;
    return error;
}

ApiError errorFromAnswer(const HttpAnswer& answer, RequestKind kind)
{
    const bool transfer = kind == RequestKind::Transfer;

    // No HTTP answer at all.
    if (answer.status == 0) {
        if (answer.oversized) {
            ApiError error =
                make(Errc::InvalidResponse, transfer ? kTransferUnreadable : kUnreadable,
                     u"answer larger than 1 MiB, aborted"_s, answer);
            error.outcomeUnknown = transfer;
            return error;
        }
        if (answer.timedOut) {
            ApiError error = make(Common::Errc::Timeout, transfer ? kTransferTimeout : kReadTimeout,
                                  u"no complete answer within the transfer timeout"_s, answer);
            error.outcomeUnknown = transfer;
            return error;
        }
        // The request cannot have reached the API when the connection was never made.
        const bool neverSent = answer.networkError == QNetworkReply::ConnectionRefusedError ||
                               answer.networkError == QNetworkReply::HostNotFoundError;
        ApiError error =
            make(Common::Errc::Network,
                 transfer ? (neverSent ? kUnreachableNothingTransferred : kTransferOutcomeUnknown)
                          : kUnreachable,
                 (answer.connectionLost ? u"connection lost before the complete answer, network "
                                          u"error %1"_s
                                        : u"network error %1"_s)
                     .arg(static_cast<int>(answer.networkError)),
                 answer);
        error.outcomeUnknown = transfer && !neverSent;
        return error;
    }

    if (answer.status == 401 || answer.status == 403) {
        std::optional<ApiError> refused = fromChallenge(answer);
        if (!refused && answer.status == 401) {
            refused = make(Errc::InvalidToken, kInvalidToken,
                           u"HTTP 401 without a Bearer challenge"_s, answer);
        }
        if (refused) {
            // RFC 6750's invalid_token does not say why: "expired" (nothing happened) and "already
            // used" (an intermediary delivered our one send before: it may have moved the money)
            // look the same. For a transfer that is an unknown outcome; the next attempt reuses
            // the Idempotency-Key, so finding out is safe.
            refused->outcomeUnknown = transfer && refused->code == Errc::InvalidToken;
            return *refused;
        }
    }

    if (answer.status >= 500) {
        // 503 means the server did not handle the request (RFC 9110 §15.6.4); any other 5xx (a 500
        // halfway, a gateway's 502/504) does not prove that nothing happened.
        const bool provenUnhandled = answer.status == 503;
        ApiError error = make(
            Errc::ApiUnavailable,
            transfer ? (provenUnhandled ? kUnavailableNothingTransferred : kTransferOutcomeUnknown)
                     : kUnavailable,
            u"HTTP %1"_s.arg(answer.status), answer);
        error.retryAfterSeconds = retryAfter(answer.retryAfter);
        error.outcomeUnknown = transfer && !provenUnhandled;
        return error;
    }

    if (answer.status >= 400) {
        // RFC 9457: the API's words for the refusal. Refusals are not stored under the
        // Idempotency-Key and move no money.
        ApiError error =
            make(Errc::ApiRejected, kRejected, u"HTTP %1"_s.arg(answer.status), answer);
        error.retryAfterSeconds = retryAfter(answer.retryAfter);
        if (isJson(answer.contentType, "problem+json") || isJson(answer.contentType, "json")) {
            auto problem = parseProblem(answer.body);
            if (problem.ok()) {
                if (!problem.value().detail.isEmpty()) {
                    error.message = problem.value().detail;
                }
                if (!problem.value().code.isEmpty()) {
                    error.detail += u' ' + problem.value().code;
                }
                if (!problem.value().field.isEmpty()) {
                    error.detail += u" (field "_s + problem.value().field + u')';
                }
                error.problem = std::move(problem).value();
            }
        }
        return error;
    }

    // 1xx, 3xx (redirects are not followed: a bearer token must not travel to another place),
    // or a 2xx that reached here because it was not the one expected.
    ApiError error = make(Errc::InvalidResponse, transfer ? kTransferUnreadable : kUnreadable,
                          u"unexpected HTTP %1"_s.arg(answer.status), answer);
    error.outcomeUnknown = transfer;
    return error;
}

} // namespace Fabrikam::Bank
