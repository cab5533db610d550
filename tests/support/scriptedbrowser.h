#pragma once

#include "auth/useragent.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Fabrikam::Test {

// The browser seam for tests of the auth core: open() runs
// `node sandbox/test/support/scripted-browser.js URL`, a scripted person who plays the sandbox's
// pages and delivers the redirect to the loopback receiver. Who the person is and what they do
// is set here (it becomes the script's FABRIKAM_PERSON_* environment) and may change between
// trips. Counts the trips, so tests can say "no browser" or "exactly one".
//
// Runs that are still going when the browser is destroyed are killed.
class ScriptedBrowser final
    : public QObject
    , public Auth::UserAgent
{
    Q_OBJECT

public:
    ScriptedBrowser(QString nodeExecutable, QString script, QObject* parent = nullptr);
    ~ScriptedBrowser() override;

    // FABRIKAM_PERSON_USER: a demo user of the sandbox's seed.
    void setUser(const QString& user) { m_user = user; }
    // FABRIKAM_PERSON_ACTION: complete (default), cancel, wrong-otp, abandon, forged-first.
    void setAction(const QString& action) { m_action = action; }
    // FABRIKAM_PERSON_PROFILE: keeps the cookie jar (the provider's SSO session) between trips;
    // empty: a fresh profile every trip.
    void setProfileDir(const QString& dir) { m_profileDir = dir; }
    // FABRIKAM_PERSON_LOG: one JSON line per trip (pages seen, callback outcome); see runs().
    void setLogFile(const QString& path) { m_logFile = path; }
    // FABRIKAM_SANDBOX_ADMIN: where the script learns which one-time codes are used up.
    void setSandboxAdmin(const QString& url) { m_admin = url; }

    [[nodiscard]] Common::Result<void> open(const QUrl& url) override;

    // How often open() was called, and the URLs it was given.
    [[nodiscard]] int openCount() const { return static_cast<int>(m_urls.size()); }
    [[nodiscard]] const QList<QUrl>& openedUrls() const { return m_urls; }
    // Trips whose script has exited (its log line, if any, is written by then).
    [[nodiscard]] int finishedCount() const { return m_finished; }
    // The log file's lines, oldest first: {user, action, pages:[…], errors:[…], callback:{…}}.
    [[nodiscard]] QList<QJsonObject> runs() const;

private:
    [[nodiscard]] QProcessEnvironment environment() const;

    const QString m_node;
    const QString m_script;
    QString m_user = QStringLiteral("alice");
    QString m_action = QStringLiteral("complete");
    QString m_profileDir;
    QString m_logFile;
    QString m_admin;
    QList<QUrl> m_urls;
    int m_finished = 0;
};

} // namespace Fabrikam::Test
