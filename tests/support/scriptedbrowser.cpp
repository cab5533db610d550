#include "support/scriptedbrowser.h"

#include "auth/errors.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>

namespace Fabrikam::Test {

ScriptedBrowser::ScriptedBrowser(QString nodeExecutable, QString script, QObject* parent)
    : QObject(parent)
    , m_node(std::move(nodeExecutable))
    , m_script(std::move(script))
{}

ScriptedBrowser::~ScriptedBrowser()
{
    // A person who never returns (action abandon, or a test that failed half-way) must not
    // outlive the test.
    const auto processes = findChildren<QProcess*>(Qt::FindDirectChildrenOnly);
    for (QProcess* p : processes) {
        disconnect(p, nullptr, this, nullptr);
        if (p->state() != QProcess::NotRunning) {
            p->kill();
            p->waitForFinished(2000);
        }
    }
}

QProcessEnvironment ScriptedBrowser::environment() const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    const auto set = [&e](const QString& name, const QString& value) {
        if (value.isEmpty()) {
            e.remove(name); // the script's default (e.g. a fresh profile), not an inherited one
        } else {
            e.insert(name, value);
        }
    };
    set(QStringLiteral("FABRIKAM_PERSON_USER"), m_user);
    set(QStringLiteral("FABRIKAM_PERSON_ACTION"), m_action);
    set(QStringLiteral("FABRIKAM_PERSON_PROFILE"), m_profileDir);
    set(QStringLiteral("FABRIKAM_PERSON_LOG"), m_logFile);
    if (!m_admin.isEmpty()) {
        e.insert(QStringLiteral("FABRIKAM_SANDBOX_ADMIN"), m_admin);
    }
    return e;
}

Common::Result<void> ScriptedBrowser::open(const QUrl& url)
{
    m_urls.append(url);
    auto* process = new QProcess(this);
    process->setProgram(m_node);
    process->setArguments({m_script, url.toString(QUrl::FullyEncoded)});
    process->setProcessEnvironment(environment());
    // The script prints nothing secret; its complaints help when a test fails.
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    connect(process, &QProcess::finished, this, [this, process] {
        ++m_finished;
        process->deleteLater();
    });
    process->start();
    // Like a real browser launcher: success means the program started, not that the person
    // finished (or even saw) the page.
    if (!process->waitForStarted(10000)) {
        const QString why = process->errorString();
        disconnect(process, nullptr, this, nullptr);
        process->deleteLater();
        return Common::Result<void>(
            Common::Error{Fabrikam::Auth::Errc::BrowserUnavailable,
                          QStringLiteral("The scripted browser could not be started."), why});
    }
    return {};
}

QList<QJsonObject> ScriptedBrowser::runs() const
{
    QList<QJsonObject> runs;
    QFile log(m_logFile);
    if (m_logFile.isEmpty() || !log.open(QIODevice::ReadOnly)) {
        return runs;
    }
    const QList<QByteArray> lines = log.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (!line.trimmed().isEmpty()) {
            runs.append(QJsonDocument::fromJson(line).object());
        }
    }
    return runs;
}

} // namespace Fabrikam::Test
