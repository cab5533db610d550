#pragma once

#include "app/application.h"

#include <QObject>
#include <QRect>

#include <memory>

namespace Fabrikam::App {

class MainWindow;

// Owns the Application and its MainWindow for one profile at a time, so that a profile chosen in
// the settings takes effect at once. A session, its keychain entry and its browser flows belong
// to one profile (DESIGN.md section 4), so a switch replaces both objects rather than re-pointing
// a live session: whatever the old profile had pending (a sign-in in the browser) is cancelled,
// its saved session stays in the keychain for when the user switches back, and the new profile's
// session is restored silently, exactly as at start.
//
//   settings dialog ─profileActivated─> MainWindow ─> DesktopShell::switchTo (queued)
//                                                       └─ new Application + MainWindow
class DesktopShell final : public QObject
{
    Q_OBJECT

public:
    // `base` supplies everything but the profile (environment, clock, keychain service).
    explicit DesktopShell(Application::Options base, QObject* parent = nullptr);
    ~DesktopShell() override;

    // Builds the application and window for `profile` and shows the window.
    void open(const Client::Profile& profile);
    [[nodiscard]] MainWindow* window() const { return m_window.get(); }
    [[nodiscard]] Application* application() const { return m_application.get(); }

public Q_SLOTS:
    // Replaces the window with one for `profile`, after the current event has been handled (the
    // request comes from inside the window being replaced). A profile identical to the active
    // one changes nothing.
    void switchTo(const Fabrikam::Client::Profile& profile);

Q_SIGNALS:
    // A new window is up (the previous one, if any, is gone).
    void windowReplaced(Fabrikam::App::MainWindow* window);

private:
    void replace(const Client::Profile& profile);

    Application::Options m_base;
    std::unique_ptr<Application> m_application;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace Fabrikam::App
