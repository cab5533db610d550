#pragma once

#include "auth/challenge.h"
#include "bank/errors.h"
#include "bank/problem.h"
#include "common/result.h"

#include <QByteArray>
#include <QNetworkReply>

#include <functional>
#include <optional>
#include <utility>
#include <variant>

namespace Fabrikam::Bank {

// Why a Fabrikam API call failed: a Common::Error (code, words for the user, detail for support)
// plus what the step-up coordinator and the UI need to act on it, in typed form rather than
// squeezed into Error::detail:
//
//   code                            challenge                       what the caller does
//   InsufficientScope               scope (RFC 6750 §3.1)          step up for challenge->scope,
//                                                                   retry once with the same key
//   InsufficientUserAuthentication  acrValues, maxAge (RFC 9470)   re-authenticate with them,
//                                                                   retry once
//   InvalidToken                    errorDescription               refresh / sign in again
//                                   ("token already used", ...)
//   ApiRejected                     - (problem: RFC 9457)          show message (= problem.detail)
//   ApiUnavailable                  - (retryAfterSeconds)          show message, offer a retry
//   Timeout / Network               -                              show message, offer a retry
//   InvalidResponse                 -                              show message, report
//
// ApiError IS-A Common::Error, so code that only wants the plain error slices it
// (`Common::Error e = apiError;` or ApiResult::toResult()).
struct ApiError : Common::Error
{
    ApiError() = default;
    // An error raised before any request went out (no token, the browser step failed or was
    // cancelled): the sign-in's error as it is, no HTTP status, no challenge, no problem.
    explicit ApiError(Common::Error error)
        : Common::Error(std::move(error))
        , beforeRequest(true)
    {}

    // Nothing was sent: the error is the sign-in's (words it as such), never the bank's.
    bool beforeRequest = false;

    int httpStatus = 0;                             // 0: no HTTP answer (network error, timeout)
    std::optional<Auth::BearerChallenge> challenge; // from WWW-Authenticate on 401/403
    std::optional<Problem> problem;                 // from an application/problem+json body
    std::optional<qint64> retryAfterSeconds;        // Retry-After (delta-seconds) on 503/429
    // POST /transfers only: the request may have reached the ledger and we cannot tell whether the
    // money moved (timeout, connection lost, 5xx other than 503). Retrying with the SAME
    // TransferRequest (same Idempotency-Key) is safe: the API replays the first result.
    bool outcomeUnknown = false;

    // The bank's own refusal of this very request: a 4xx other than "not now" (408, 409, 425,
    // 429) with the API's RFC 9457 problem document — not a proxy's or a firewall's page. The
    // request was not executed, and the same request under the same Idempotency-Key never is
    // (the API looks the key up before it validates), so no earlier attempt moved money either.
    // Only this, or a success, settles a transfer whose outcome was unknown.
    [[nodiscard]] bool isDefiniteRefusal() const
    {
        return code == Errc::ApiRejected && problem.has_value() && httpStatus >= 400 &&
               httpStatus < 500 && httpStatus != 408 && httpStatus != 409 && httpStatus != 425 &&
               httpStatus != 429;
    }

    // The challenges a step-up answers (DESIGN.md section 2, "Challenge-driven step-up").
    [[nodiscard]] bool needsStepUp() const
    {
        return code == Errc::InsufficientScope || code == Errc::InsufficientUserAuthentication;
    }
};

// Common::Result with an ApiError: the same shape (ok(), value(), error()), so call sites read the
// same; error() additionally has the challenge, the problem and the outcome flag.
template <class T> class [[nodiscard]] ApiResult
{
public:
    explicit ApiResult(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    explicit ApiResult(ApiError error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    [[nodiscard]] const T& value() const& { return std::get<0>(m_data); }
    [[nodiscard]] T& value() & { return std::get<0>(m_data); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_data)); }
    [[nodiscard]] const ApiError& error() const { return std::get<1>(m_data); }

    // Drops the API-specific members.
    [[nodiscard]] Common::Result<T> toResult() const&
    {
        return ok() ? Common::Result<T>(value())
                    : Common::Result<T>(static_cast<const Common::Error&>(error()));
    }

private:
    std::variant<T, ApiError> m_data;
};

// What came back for one request, as far as error classification needs it. Filled by
// FabrikamApiClient from a finished QNetworkReply; a plain struct so the mapping below is tested
// without a network.
struct HttpAnswer
{
    int status = 0; // 0: no HTTP answer
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    bool timedOut = false; // our transfer timeout fired
    // The connection broke (reset, closed, or Qt wanted to send the request again) before a
    // complete answer arrived: whatever status came is void, and a POST may have been executed.
    bool connectionLost = false;
    bool oversized = false; // the body passed kMaxResponseSize and was aborted
    QByteArray contentType;
    QByteArray wwwAuthenticate;
    QByteArray retryAfter;
    QByteArray idempotentReplayed; // "true" on a replayed POST /transfers success
    QByteArray body;
};

enum class RequestKind
{
    Read,     // GET: changes nothing, so a failure never leaves anything half done
    Transfer, // POST /transfers: a failure may or may not have moved money (outcomeUnknown)
};

// The error for an answer that is not the expected success: 3xx-5xx, no answer, oversized body.
// 2xx answers are the parsers' business. Never looks at or returns a token.
[[nodiscard]] ApiError errorFromAnswer(const HttpAnswer& answer, RequestKind kind);

// POST /transfers whose first answer was lost (`lost.connectionLost`) and that was sent once more,
// with the same token and Idempotency-Key: the error for the second answer. Unless that answer
// is a challenge or the bank's own refusal, the outcome stays unknown, because the first copy
// may have moved the money.
[[nodiscard]] ApiError errorAfterLostAnswer(const HttpAnswer& lost, const HttpAnswer& again);

// The house convention (common/async.h) with the bank's richer result.
template <class T> using Completion = std::function<void(ApiResult<T>)>;

} // namespace Fabrikam::Bank
