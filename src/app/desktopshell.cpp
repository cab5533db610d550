#include "app/desktopshell.h"

#include "app/mainwindow.h"

#include <QStatusBar>

namespace Fabrikam::App {

namespace {

bool sameProfile(const Client::Profile& a, const Client::Profile& b)
{
    return a.name == b.name && a.toJson() == b.toJson();
}

} // namespace

DesktopShell::DesktopShell(Application::Options base, QObject* parent)
    : QObject(parent)
    , m_base(std::move(base))
{}

DesktopShell::~DesktopShell()
{
    // The window refers to the application: it goes first.
    m_window.reset();
    m_application.reset();
}

void DesktopShell::open(const Client::Profile& profile)
{
    replace(profile);
}

void DesktopShell::switchTo(const Client::Profile& profile)
{
    if (m_application && sameProfile(m_application->profile(), profile)) {
        return;
    }
    // Queued: the request arrives from a dialog of the window that is about to be destroyed.
    QMetaObject::invokeMethod(
        this, [this, profile] { replace(profile); }, Qt::QueuedConnection);
}

void DesktopShell::replace(const Client::Profile& profile)
{
    const bool switching = m_window != nullptr;
    QRect geometry;
    Qt::WindowStates states;
    if (m_window) {
        geometry = m_window->geometry();
        states = m_window->windowState();
    }
    m_window.reset(); // cancels what the old profile had pending
    m_application.reset();

    Application::Options options = m_base;
    options.profile = profile;
    m_application = std::make_unique<Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_application);
    connect(m_window.get(), &MainWindow::profileActivated, this, &DesktopShell::switchTo);
    if (switching) {
        m_window->setGeometry(geometry);
        m_window->setWindowState(states);
        m_window->statusBar()->showMessage(tr("Now using the profile \"%1\".").arg(profile.name),
                                           10000);
    }
    m_window->show();
    Q_EMIT windowReplaced(m_window.get());
}

} // namespace Fabrikam::App
