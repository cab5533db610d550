#pragma once

// The page the browser shows after the loopback redirect: its own words for each outcome, in a
// response that lets the page do nothing else (no script, no referrer, not stored).

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Fabrikam::Auth {

// What the browser is told after it hits the loopback receiver (RFC 8252 §7.3). Each outcome has
// its own words (unlike QOAuthHttpServerReplyHandler's one page for everything, STACK.md §2).
enum class CallbackPage
{
    Success,       // 200: "You're signed in…"
    ProviderError, // 200: the provider's own error_description, quoted and HTML-escaped
    Failed,        // 400: right state, but the response is unusable (iss, no code)
    NotAwaited,    // 400: wrong or missing state, or nothing armed: "not the one … waiting for"
    NotFound,      // 404: any path other than /callback
    MethodNotAllowed, // 405: anything but GET on /callback (Allow: GET)
    BadRequest,       // 400: not an HTTP/1.x request we can read
    HeadersTooLarge,  // 431: request line and headers over the limit
};

// A complete HTTP/1.1 response: status line, headers (UTF-8 HTML, Content-Length, no-store, a CSP
// that allows nothing but inline style, no-referrer, nosniff, Connection: close) and the page.
// `providerText` is only used by ProviderError; it is untrusted request text and is HTML-escaped
// and shortened here, never by the caller.
[[nodiscard]] QByteArray callbackResponse(CallbackPage page, const QString& providerText = {});

// The HTML body alone (tests and previews).
[[nodiscard]] QString callbackPageHtml(CallbackPage page, const QString& providerText = {});

// The status code of a page (200, 400, 404, 405, 431).
[[nodiscard]] int callbackPageStatus(CallbackPage page);

// The provider's words (error, error_description) made fit to show anywhere: printable
// characters only (no terminal escapes, line breaks or bidi overrides: each becomes a space), at
// most 300 characters and an ellipsis, trimmed. Not escaped for HTML.
[[nodiscard]] QString tidyProviderText(const QString& text);

} // namespace Fabrikam::Auth
