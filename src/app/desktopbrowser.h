#pragma once

#include "auth/useragent.h"

#include <QProcessEnvironment>

namespace Fabrikam::App {

// The GUI's browser seam (DESIGN.md section 4): the platform's default browser through
// QDesktopServices, the only place in the code that calls it (STYLE.md layout). When BROWSER is
// set in the environment, Auth::ExternalBrowser runs that program instead, so that tests and
// support staff can plug in a scripted or headless browser: under the offscreen platform
// QDesktopServices cannot open anything (STACK.md section 2).
class DesktopBrowser final : public Auth::UserAgent
{
public:
    explicit DesktopBrowser(
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    [[nodiscard]] Common::Result<void> open(const QUrl& url) override;

    // True when BROWSER names the program (Auth::ExternalBrowser) instead of the platform.
    [[nodiscard]] bool usesExternalProgram() const { return m_external.has_value(); }

private:
    std::optional<Auth::ExternalBrowser> m_external;
};

} // namespace Fabrikam::App
