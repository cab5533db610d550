#pragma once

// The hostile local process of issue 5, section 2 (tests/support/hostile-loopback.mjs) as the C++
// tests drive it: the process and its output lines, and what must hold for a flood's summary.
// Shared by tests/integration/tst_hostileloopback.cpp (the AuthSession and fabrikam-cli) and
// tests/ui/tst_windowflood.cpp (the real MainWindow).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace Fabrikam::Test {

// The hostile process: `node hostile-loopback.mjs ARGS`, its standard output as lines.
class HostileLoopback
{
public:
    HostileLoopback(const QString& node, const QString& script, const QStringList& args)
    {
        m_process.setProgram(node);
        m_process.setArguments(QStringList{script} + args);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setReadChannel(QProcess::StandardOutput);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] {
            while (m_process.canReadLine()) {
                m_lines.append(QString::fromUtf8(m_process.readLine()).trimmed());
            }
        });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_stderr += m_process.readAllStandardError(); });
        m_process.start();
    }
    ~HostileLoopback()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
    HostileLoopback(const HostileLoopback&) = delete;
    HostileLoopback& operator=(const HostileLoopback&) = delete;

    // The first line starting with `prefix`, without it; nullopt when none came in `ms`.
    std::optional<QString> waitLine(const QString& prefix, int ms)
    {
        std::optional<QString> found;
        (void)QTest::qWaitFor(
            [&] {
                for (const QString& line : std::as_const(m_lines)) {
                    if (line.startsWith(prefix)) {
                        found = line.mid(prefix.size()).trimmed();
                        return true;
                    }
                }
                return false;
            },
            ms);
        if (!found) {
            qWarning("hostile process: no \"%s\" line; stderr: %s", qPrintable(prefix),
                     m_stderr.constData());
        }
        return found;
    }
    QJsonObject waitJson(const QString& prefix, int ms)
    {
        return QJsonDocument::fromJson(waitLine(prefix, ms).value_or(QString()).toUtf8()).object();
    }
    void write(const QByteArray& line) { m_process.write(line); }
    bool waitFinished(int ms)
    {
        return QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, ms);
    }

private:
    QProcess m_process;
    QStringList m_lines;
    QByteArray m_stderr;
};

// How often one attack of a flood summary ended in `what` (an HTTP status, "reset", "closed", …).
inline int floodOutcome(const QJsonObject& summary, const QString& attack, const QString& what)
{
    return summary[QStringLiteral("attacks")][attack][QStringLiteral("outcomes")][what].toInt();
}

// Connections the flood made, over all its attacks.
inline int floodAttempts(const QJsonObject& summary)
{
    int attempts = 0;
    const QJsonObject attacks = summary[QStringLiteral("attacks")].toObject();
    for (auto it = attacks.begin(); it != attacks.end(); ++it) {
        attempts += it.value()[QStringLiteral("attempts")].toInt();
    }
    return attempts;
}

// What holds for every attack in a flood summary: it ran, and never got the success page or a
// 200 (an answer that is not an error page); and each kind was answered by the receiver itself,
// while it waited, with the right error pages. (QVERIFY: callers check
// QTest::currentTestFailed() afterwards when they go on.)
inline void verifyNoAttackSucceeded(const QJsonObject& summary)
{
    const QJsonObject attacks = summary[QStringLiteral("attacks")].toObject();
    const QStringList expected{QStringLiteral("random-bytes"),  QStringLiteral("slowloris"),
                               QStringLiteral("parallel"),      QStringLiteral("huge-headers"),
                               QStringLiteral("paths-methods"), QStringLiteral("guessed-state")};
    for (const QString& attack : expected) {
        const QJsonObject s = attacks[attack].toObject();
        QVERIFY2(s[QStringLiteral("attempts")].toInt() > 0, qPrintable(attack));
        QVERIFY2(s[QStringLiteral("signedInPages")].toInt() == 0, qPrintable(attack));
        QVERIFY2(!s[QStringLiteral("outcomes")].toObject().contains(QStringLiteral("200")),
                 qPrintable(attack));
    }
    const auto seen = [&summary](const char* attack, const char* status) {
        return floodOutcome(summary, QString::fromLatin1(attack), QString::fromLatin1(status));
    };
    QVERIFY(seen("random-bytes", "400") > 0);
    QVERIFY(seen("huge-headers", "431") > 0);
    QVERIFY(seen("paths-methods", "404") > 0);
    QVERIFY(seen("paths-methods", "405") > 0);
    QVERIFY(seen("paths-methods", "400") > 0);
    QVERIFY(seen("guessed-state", "400") > 0);
    // Parallel connections are answered (404 for the flooder's path) or closed by the receiver;
    // which of the two depends on how soon the person completes the sign-in (under a sanitizer
    // and load, the CLI's listener may close before the first 404).
    QVERIFY(seen("parallel", "404") + seen("parallel", "closed") > 0);
}

// A callback replayed after the sign-in it belonged to, `times` over: the redirect URI and the
// real state of `authorizationUrl`, a made-up code. Each must be refused (the listener is closed)
// or get an error page, never the success page. Prints what each replay saw.
inline void verifyReplaysRefused(const QString& node, const QString& script,
                                 const QUrl& authorizationUrl, int times)
{
    const QUrlQuery asked(authorizationUrl);
    QUrl replayUrl(asked.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("code"), QStringLiteral("replayed-code"));
    query.addQueryItem(QStringLiteral("state"),
                       asked.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
    replayUrl.setQuery(query);
    for (int i = 0; i < times; ++i) {
        HostileLoopback replay(node, script,
                               {QStringLiteral("replay"), replayUrl.toString(QUrl::FullyEncoded)});
        const QJsonObject seen = replay.waitJson(QString(), 10000);
        qInfo("replay %d: %s", i + 1,
              QJsonDocument(seen).toJson(QJsonDocument::Compact).constData());
        const QString what = seen[QStringLiteral("outcome")].toString();
        QVERIFY2(what == QStringLiteral("refused") || what.startsWith(u'4'), qPrintable(what));
        QVERIFY(!seen[QStringLiteral("signedIn")].toBool());
    }
}

} // namespace Fabrikam::Test
