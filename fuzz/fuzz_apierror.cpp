// The Fabrikam API's error answers (Bank::errorFromAnswer): status, the headers it reads
// (Content-Type, WWW-Authenticate, Retry-After, Idempotent-Replayed) and the body (RFC 9457
// problem JSON or anything else). The first byte picks the HTTP status (low four bits) and the
// request kind and transport flags (high four bits), as in fuzz_tokenresponse; the rest is an
// HTTP message as in fuzz_loopback: header lines up to the first blank line ("\r\n\r\n"), then
// the body. Without a blank line it is all body.
#include "bank/apierror.h"
#include "bank/errors.h"
#include "fuzzsupport.h"

#include <iterator>

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

namespace {

// Every branch of errorFromAnswer: no answer, 1xx/2xx/3xx, 401/403 (challenges), the other 4xx
// (problems, Retry-After on 429), 503 versus the other 5xx.
constexpr int kStatuses[] = {0,   401, 403, 400, 404, 409, 422, 429,
                             500, 502, 503, 504, 302, 200, 100, 599};
static_assert(std::size(kStatuses) == 16);

// RFC 9110 §5.1: field names are case-insensitive. A repeated field is joined with ", " the way
// QNetworkReply::rawHeader() joins it (RFC 9110 §5.3).
void setField(Bank::HttpAnswer& answer, QByteArrayView name, QByteArrayView value)
{
    QByteArray* field = nullptr;
    if (name.compare("Content-Type", Qt::CaseInsensitive) == 0) {
        field = &answer.contentType;
    } else if (name.compare("WWW-Authenticate", Qt::CaseInsensitive) == 0) {
        field = &answer.wwwAuthenticate;
    } else if (name.compare("Retry-After", Qt::CaseInsensitive) == 0) {
        field = &answer.retryAfter;
    } else if (name.compare("Idempotent-Replayed", Qt::CaseInsensitive) == 0) {
        field = &answer.idempotentReplayed;
    } else {
        return;
    }
    if (!field->isEmpty()) {
        field->append(", ");
    }
    field->append(value.trimmed());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const unsigned flags = static_cast<unsigned>(data[0]) >> 4;
    Bank::HttpAnswer answer;
    answer.status = kStatuses[data[0] % std::size(kStatuses)];
    const auto kind = (flags & 1u) ? Bank::RequestKind::Transfer : Bank::RequestKind::Read;
    answer.timedOut = (flags & 2u) != 0;
    answer.oversized = (flags & 4u) != 0;
    answer.networkError =
        (flags & 8u) ? QNetworkReply::ConnectionRefusedError : QNetworkReply::RemoteHostClosedError;

    QByteArrayView message = Fuzz::bytes(data + 1, size - 1);
    const qsizetype headEnd = message.indexOf("\r\n\r\n");
    if (headEnd >= 0) {
        QByteArrayView head = message.first(headEnd);
        while (!head.isEmpty()) {
            const qsizetype eol = head.indexOf("\r\n");
            const QByteArrayView line = eol < 0 ? head : head.first(eol);
            head = eol < 0 ? QByteArrayView() : head.sliced(eol + 2);
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                setField(answer, line.first(colon), line.sliced(colon + 1));
            }
        }
        message = message.sliced(headEnd + 4);
    }
    answer.body = message.toByteArray();

    const Bank::ApiError error = Bank::errorFromAnswer(answer, kind);

    // Properties of the mapping (src/bank/apierror.h's table), whatever the bytes:
    // - it is always one of the codes of that table, with words for the user and the status it
    //   saw;
    const Common::ErrorCode& code = error.code;
    const bool expected =
        code.is<Bank::Errc>() || code == Common::Errc::Timeout || code == Common::Errc::Network;
    if (!expected) {
        __builtin_trap();
    }
    if (error.message.isEmpty() || error.httpStatus != answer.status) {
        __builtin_trap();
    }
    // - a step-up is asked for only on a 401/403 carrying the challenge that says so;
    if (error.needsStepUp() &&
        (!error.challenge || (answer.status != 401 && answer.status != 403))) {
        __builtin_trap();
    }
    // - only a transfer can leave its outcome unknown, and a 503 or a refused connection never
    //   does (nothing was handled), nor does a 4xx refusal other than invalid_token (which cannot
    //   tell "expired" from "already used" by an earlier delivery);
    const bool invalidToken = error.code == Bank::Errc::InvalidToken;
    if (error.outcomeUnknown && (kind != Bank::RequestKind::Transfer || answer.status == 503 ||
                                 (answer.status >= 400 && answer.status < 500 && !invalidToken) ||
                                 (answer.status == 0 && !answer.oversized && !answer.timedOut &&
                                  answer.networkError == QNetworkReply::ConnectionRefusedError))) {
        __builtin_trap();
    }
    // - and a transfer's invalid_token always does;
    if (kind == Bank::RequestKind::Transfer && invalidToken && !error.outcomeUnknown) {
        __builtin_trap();
    }
    // - Retry-After is delta-seconds (RFC 9110 §10.2.3), read only on 4xx/5xx;
    if (error.retryAfterSeconds && (*error.retryAfterSeconds < 0 || answer.status < 400)) {
        __builtin_trap();
    }
    // - a problem document is taken only from a 4xx refusal.
    if (error.problem && (answer.status < 400 || answer.status >= 500)) {
        __builtin_trap();
    }
    return 0;
}
