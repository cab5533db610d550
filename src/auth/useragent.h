#pragma once

#include "common/result.h"

#include <QProcessEnvironment>
#include <QUrl>

namespace Fabrikam::Auth {

// The browser seam (DESIGN.md section 4): how an authorization URL reaches the person. The GUI
// implements it with QDesktopServices; the CLI and tests use ExternalBrowser. Succeeding means the
// browser was started, not that the person saw the page: callers always also show the URL and
// keep their timeout (STACK.md: xdg-open "succeeds" even when no browser exists).
class UserAgent
{
public:
    virtual ~UserAgent() = default;
    [[nodiscard]] virtual Common::Result<void> open(const QUrl& url) = 0;

protected:
    UserAgent() = default;
    UserAgent(const UserAgent&) = default;
    UserAgent& operator=(const UserAgent&) = default;
};

// Starts a browser as a separate process, QtCore only:
//  - BROWSER set (the usual Unix convention): its first ':'-separated entry is the program; "%s"
//    in it is replaced by the URL, otherwise the URL is its one argument. Tests and support staff
//    plug in a scripted or headless browser this way.
//  - otherwise the platform's opener: xdg-open (Linux, BSD), open (macOS), the URL handler of
//    the shell (Windows).
class ExternalBrowser final : public UserAgent
{
public:
    explicit ExternalBrowser(
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());
    [[nodiscard]] Common::Result<void> open(const QUrl& url) override;

    // The program and arguments open() would run (for the CLI's --help and the tests).
    [[nodiscard]] QStringList command(const QUrl& url) const;

private:
    QProcessEnvironment m_environment;
};

} // namespace Fabrikam::Auth
