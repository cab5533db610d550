#include "app/desktopbrowser.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QDesktopServices>

namespace Fabrikam::App {

DesktopBrowser::DesktopBrowser(QProcessEnvironment environment)
{
    if (!environment.value(QStringLiteral("BROWSER")).trimmed().isEmpty()) {
        m_external.emplace(std::move(environment));
    }
}

Common::Result<void> DesktopBrowser::open(const QUrl& url)
{
    if (m_external) {
        return m_external->open(url);
    }
    // Returns true even when xdg-open finds no browser (STACK.md section 2): the window always
    // also offers "Copy link" and "Open again", and the flow keeps its timeout.
    if (!QDesktopServices::openUrl(url)) {
        return Common::Result<void>(Common::Error{
            Auth::Errc::BrowserUnavailable,
            QCoreApplication::translate("Fabrikam::App",
                                        "Fabrikam could not open your web browser. Copy the "
                                        "link and open it in a browser yourself."),
            QStringLiteral("QDesktopServices::openUrl returned false")});
    }
    return {};
}

} // namespace Fabrikam::App
