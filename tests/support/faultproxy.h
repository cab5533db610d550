#pragma once

#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QString>
#include <QUrl>

namespace Fabrikam::Test {

// The JSON objects of a JSON-lines file (a trace, the sandbox's api.log, the scripted browser's
// log); none when the file cannot be read.
inline QList<QJsonObject> jsonLines(const QString& path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (!line.trimmed().isEmpty()) {
                lines.append(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return lines;
}

// The ledger's own account of POST /transfers: the sandbox's api.log lines of `sub` whose outcome
// is `outcome` ("completed" when money moved, "replayed", "exact_retry_replayed", …).
inline QList<QJsonObject> ledgerLines(const QString& sandboxData, const QString& sub,
                                      const QString& outcome)
{
    QList<QJsonObject> found;
    for (const QJsonObject& line : jsonLines(sandboxData + QStringLiteral("/logs/api.log"))) {
        if (line[QStringLiteral("event")] == QStringLiteral("api.transfer") &&
            line[QStringLiteral("sub")] == sub && line[QStringLiteral("outcome")] == outcome) {
            found.append(line);
        }
    }
    return found;
}

// The fault proxy between a client and the sandbox's API (tests/support/fault-proxy/README.md).
class FaultProxy
{
public:
    FaultProxy(QNetworkAccessManager& network, QString url)
        : m_network(network)
        , m_url(std::move(url))
    {}

    [[nodiscard]] const QString& url() const { return m_url; }

    // PUT /__faults: {"mode", "times", "delayMs", "match"}; {"mode": "pass"} disarms. The HTTP
    // status (200 when armed).
    int arm(const QJsonObject& fault)
    {
        return sandboxAdmin(m_network, m_url, "PUT", QStringLiteral("/__faults"), fault);
    }

    // GET /__faults: {armed, remaining, log, …}; empty when the proxy does not answer.
    [[nodiscard]] QJsonObject state()
    {
        QNetworkRequest request(QUrl(m_url + QStringLiteral("/__faults")));
        request.setTransferTimeout(10000);
        QNetworkReply* reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) {
            (void)finished.wait(10000);
        }
        const QJsonObject state = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return state;
    }

    // The log's POST /transfers entries with a sequence number above `afterSeq`.
    [[nodiscard]] QList<QJsonObject> transfers(qint64 afterSeq = 0)
    {
        QList<QJsonObject> found;
        for (const QJsonValue& value : state()[QStringLiteral("log")].toArray()) {
            const QJsonObject entry = value.toObject();
            if (entry[QStringLiteral("seq")].toInteger() > afterSeq &&
                entry[QStringLiteral("method")] == QStringLiteral("POST") &&
                entry[QStringLiteral("path")] == QStringLiteral("/transfers")) {
                found.append(entry);
            }
        }
        return found;
    }

    // The sequence number of the newest log entry (0: none yet).
    [[nodiscard]] qint64 lastSeq()
    {
        const QJsonArray log = state()[QStringLiteral("log")].toArray();
        return log.isEmpty() ? 0 : log.last()[QStringLiteral("seq")].toInteger();
    }

private:
    QNetworkAccessManager& m_network;
    QString m_url;
};

// Where the lost_answers fixture (tests/CMakeLists.txt) runs its tenant and the proxy in front of
// its API, from the environment CTest sets; the defaults are for running a test binary by hand.
struct LostAnswersTenant
{
    QString issuer = envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18760");
    QString admin = envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18762");
    QString data = envOr("FABRIKAM_SANDBOX_DATA", "");
    QString proxy = envOr("FABRIKAM_FAULT_PROXY", "http://127.0.0.1:18763");
};

} // namespace Fabrikam::Test
