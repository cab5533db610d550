#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Fabrikam::Test {

// The environment of a fabrikam-cli run in a test: the scripted person as BROWSER (its cookie jar
// and log under `dir`, named after `user`), and the CLI's own folders under `dir` — XDG_CONFIG_HOME
// with an empty profile `profile` ({} = the sandbox defaults, flags on top) and XDG_DATA_HOME (the
// pending-transfer notes) — so that tests running side by side never share them.
inline QProcessEnvironment cliEnvironment(const QDir& dir, const QString& user,
                                          const QString& profile, const QString& admin,
                                          const QString& browser, const QString& action)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("BROWSER"), browser);
    e.insert(QStringLiteral("FABRIKAM_PERSON_USER"), user);
    e.insert(QStringLiteral("FABRIKAM_PERSON_ACTION"), action);
    e.insert(QStringLiteral("FABRIKAM_PERSON_PROFILE"),
             dir.filePath(QStringLiteral("browser-") + user));
    e.insert(QStringLiteral("FABRIKAM_PERSON_LOG"),
             dir.filePath(user + QStringLiteral(".browser.log")));
    e.insert(QStringLiteral("FABRIKAM_SANDBOX_ADMIN"), admin);
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    e.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    const QString profiles =
        dir.filePath(QStringLiteral("config/Fabrikam/Fabrikam Desktop/profiles"));
    QDir().mkpath(profiles);
    QFile file(profiles + QLatin1Char('/') + profile + QStringLiteral(".json"));
    if (!file.exists() && file.open(QIODevice::WriteOnly)) {
        file.write("{}");
    }
    return e;
}

// One finished run of fabrikam-cli: its exit code (-1 when it crashed or was killed after 120 s)
// and what it printed.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CliRun runCli(const QString& program, const QStringList& arguments,
                     const QProcessEnvironment& environment)
{
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(program, arguments);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    CliRun run;
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace Fabrikam::Test
