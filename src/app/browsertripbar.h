#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;

namespace Fabrikam::App {

// The waiting state of a browser trip that a panel started (a read the API asked a step-up for,
// a statement's verification): what is happening, a busy bar, Copy link for a browser that did
// not come up, and Cancel. Hidden while no trip runs. Object names get `prefix` ("statements":
// statementsBrowserBar, statementsCopyLinkButton, statementsCancelButton) for tests and the
// control audit.
class BrowserTripBar final : public QWidget
{
    Q_OBJECT

public:
    BrowserTripBar(const QString& prefix, QWidget* parent = nullptr);

    [[nodiscard]] bool isWaiting() const { return m_waiting; }
    // A trip starts: shows `message`; Copy link waits for the link.
    void start(const QString& message);
    // The trip's link (AuthSession::urlReady); browserStarted false: say to open it by hand.
    void setLink(const QUrl& url, bool browserStarted);
    // The trip ended, whichever way: hidden, the link forgotten.
    void finish();

Q_SIGNALS:
    void cancelRequested();
    void linkCopied();

private:
    QLabel* m_message;
    QPushButton* m_copyLink;
    QPushButton* m_cancel;
    QUrl m_link;
    bool m_waiting = false;
};

} // namespace Fabrikam::App
