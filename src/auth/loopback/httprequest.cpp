#include "auth/loopback/httprequest.h"

#include "auth/errors.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>
#include <utility>

namespace Fabrikam::Auth {

using Common::Error;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

// RFC 9110 §5.6.2: tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// RFC 9112 §5: field-value = *( VCHAR / obs-text / SP / HTAB ); no CR, LF, NUL or other CTL.
bool isFieldValue(QByteArrayView value)
{
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

struct RequestLine
{
    QByteArrayView method;
    QByteArrayView target;
};

// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), exactly one SP each;
// HTTP/1.0 and HTTP/1.1 only. A line without a version (HTTP/0.9) is refused.
std::optional<RequestLine> parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 <= 0) {
        return std::nullopt;
    }
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    if (sp2 <= sp1 + 1) {
        return std::nullopt;
    }
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!isToken(method) || (version != "HTTP/1.1" && version != "HTTP/1.0")) {
        return std::nullopt;
    }
    return RequestLine{method, target};
}

// Header fields: name ":" OWS value OWS, no whitespace before the colon and no obs-fold
// (RFC 9112 §5.1, §5.2). Of them we use only Host, which may occur once (RFC 9112 §3.2); a request
// with broken ones is not a browser.
bool readHeaderFields(QByteArrayView fields, QByteArrayView& host)
{
    bool hostSeen = false;
    while (!fields.isEmpty()) {
        const qsizetype end = fields.indexOf("\r\n");
        if (end < 0) {
            return false;
        }
        const QByteArrayView line = fields.first(end);
        fields = fields.sliced(end + 2);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)) || !isFieldValue(line.sliced(colon + 1))) {
            return false;
        }
        if (line.first(colon).compare("Host", Qt::CaseInsensitive) == 0) {
            if (std::exchange(hostSeen, true)) {
                return false;
            }
            host = line.sliced(colon + 1).trimmed();
        }
    }
    return true;
}

} // namespace

bool isRequestLineText(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u <= 0x7e;
    });
}

Result<RequestHead> parseRequestHead(QByteArrayView head)
{
    const auto malformed = [](QString detail) {
        return Result<RequestHead>(
            Error{Errc::CallbackInvalid,
                  QCoreApplication::translate(
                      "Fabrikam::Auth::LoopbackReceiver",
                      "The sign-in response from the browser was malformed. Try again."),
                  std::move(detail)});
    };
    const qsizetype lineEnd = head.indexOf("\r\n");
    if (lineEnd < 0) {
        return malformed(u"no CRLF after the request line"_s);
    }
    const QByteArrayView line = head.first(lineEnd);
    // The receiver checks this as bytes arrive (to refuse garbage early); repeated here so that
    // the function holds on its own.
    if (!isRequestLineText(line)) {
        return malformed(u"not an HTTP/1.x request line"_s);
    }
    const std::optional<RequestLine> request = parseRequestLine(line);
    QByteArrayView host;
    if (!request || !readHeaderFields(head.sliced(lineEnd + 2), host)) {
        return malformed(u"malformed request line or header fields"_s);
    }
    // origin-form only (RFC 9112 §3.2.1): what a browser sends to a server it reaches directly.
    const QByteArrayView target = request->target;
    if (!target.startsWith('/') || target.contains('#')) {
        return malformed(u"request-target not in origin-form"_s);
    }
    const qsizetype question = target.indexOf('?');
    RequestHead parsed;
    parsed.method = request->method;
    parsed.path = question < 0 ? target : target.first(question);
    parsed.query = question < 0 ? QByteArrayView() : target.sliced(question + 1);
    parsed.host = host;
    return Result<RequestHead>(parsed);
}

} // namespace Fabrikam::Auth
