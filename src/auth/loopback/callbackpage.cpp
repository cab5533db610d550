#include "auth/loopback/callbackpage.h"

#include <QCoreApplication>

namespace Fabrikam::Auth {

using namespace Qt::StringLiterals;

namespace {

// error_description is meant to be a sentence (RFC 6749 §4.1.2.1); a longer one is cut so that a
// hostile callback cannot fill the page.
constexpr qsizetype kMaxProviderText = 300;

struct PageText
{
    QString title;
    QString message;
};

PageText pageText(CallbackPage page, const QString& providerText)
{
    switch (page) {
    case CallbackPage::Success:
        return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Signed in"),
                QCoreApplication::translate(
                    "Fabrikam::Auth::CallbackPage",
                    "You're signed in. You can close this tab and return to Fabrikam.")};
    case CallbackPage::ProviderError:
        return {
            QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Sign-in did not complete"),
            QCoreApplication::translate(
                "Fabrikam::Auth::CallbackPage",
                "Sign-in did not complete: %1. Return to Fabrikam to try again.")
                .arg(tidyProviderText(providerText).toHtmlEscaped())};
    case CallbackPage::Failed:
        return {
            QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Sign-in did not complete"),
            QCoreApplication::translate(
                "Fabrikam::Auth::CallbackPage",
                "Sign-in did not complete: the response could not be used. Return to "
                "Fabrikam to try again.")};
    case CallbackPage::NotAwaited:
        return {
            QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Not the expected sign-in"),
            QCoreApplication::translate(
                "Fabrikam::Auth::CallbackPage",
                "This sign-in link is not the one Fabrikam is waiting for. If you started "
                "signing in, finish in the most recent browser tab, or start again from "
                "Fabrikam.")};
    case CallbackPage::NotFound:
        return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Not found"),
                QCoreApplication::translate(
                    "Fabrikam::Auth::CallbackPage",
                    "There is nothing here. This address only receives sign-in responses for "
                    "Fabrikam.")};
    case CallbackPage::MethodNotAllowed:
        return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Not allowed"),
                QCoreApplication::translate("Fabrikam::Auth::CallbackPage",
                                            "This address only accepts sign-in responses from your "
                                            "browser's address bar.")};
    case CallbackPage::BadRequest:
        return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Bad request"),
                QCoreApplication::translate("Fabrikam::Auth::CallbackPage",
                                            "Fabrikam could not read this request.")};
    case CallbackPage::HeadersTooLarge:
        return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Request too large"),
                QCoreApplication::translate(
                    "Fabrikam::Auth::CallbackPage",
                    "This request is too large for Fabrikam's sign-in receiver.")};
    }
    return {QCoreApplication::translate("Fabrikam::Auth::CallbackPage", "Bad request"),
            QCoreApplication::translate("Fabrikam::Auth::CallbackPage",
                                        "Fabrikam could not read this request.")};
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Bad Request";
    }
}

} // namespace

// Keeps printable characters only and shortens; escaping happens at the single place of output.
QString tidyProviderText(const QString& text)
{
    QString out;
    out.reserve(std::min(text.size(), kMaxProviderText));
    for (const QChar c : text) {
        if (out.size() >= kMaxProviderText) {
            out += QChar(u'\u2026');
            break;
        }
        out += (c.isPrint() ? c : QChar(u' '));
    }
    return out.trimmed();
}

int callbackPageStatus(CallbackPage page)
{
    switch (page) {
    case CallbackPage::Success:
    case CallbackPage::ProviderError:
        return 200;
    case CallbackPage::NotFound:
        return 404;
    case CallbackPage::MethodNotAllowed:
        return 405;
    case CallbackPage::HeadersTooLarge:
        return 431;
    case CallbackPage::Failed:
    case CallbackPage::NotAwaited:
    case CallbackPage::BadRequest:
        return 400;
    }
    return 400;
}

QString callbackPageHtml(CallbackPage page, const QString& providerText)
{
    // Titles and messages are ours (translations included) except the escaped provider text.
    const PageText text = pageText(page, providerText);
    const bool good = page == CallbackPage::Success;
    return u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           u"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           u"<title>Fabrikam \u2013 "_s %
           text.title.toHtmlEscaped() %
           u"</title><style>"
           u"body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;"
           u"margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}"
           u"main{background:#fff;border-radius:12px;padding:32px 40px;max-width:32em;"
           u"box-shadow:0 2px 12px rgba(0,0,0,.08)}"
           u".brand{font-weight:600;letter-spacing:.04em;color:#0b5cad;margin:0 0 16px}"
           u"h1{font-size:1.3em;margin:0 0 12px}"
           u"h1.ok{color:#1d6b3a}h1.bad{color:#8a2b17}p{line-height:1.5;margin:0}"
           u"</style></head><body><main><p class=\"brand\">Fabrikam</p><h1 class=\""_s %
           (good ? u"ok"_s : u"bad"_s) % u"\">"_s % text.title.toHtmlEscaped() % u"</h1><p>"_s %
           text.message % u"</p></main></body></html>\n"_s;
}

QByteArray callbackResponse(CallbackPage page, const QString& providerText)
{
    const int status = callbackPageStatus(page);
    const QByteArray body = callbackPageHtml(page, providerText).toUtf8();
    QByteArray out;
    out.reserve(body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status).toByteArray() +
           "\r\n"
           "Content-Type: text/html; charset=utf-8\r\n"
           "Content-Length: " +
           QByteArray::number(body.size()) +
           "\r\n"
           "Cache-Control: no-store\r\n"
           "Pragma: no-cache\r\n"
           "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
           "Referrer-Policy: no-referrer\r\n"
           "X-Content-Type-Options: nosniff\r\n";
    if (page == CallbackPage::MethodNotAllowed) {
        out += "Allow: GET\r\n"; // RFC 9110 §15.5.6
    }
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace Fabrikam::Auth
