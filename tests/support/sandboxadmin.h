#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QString>
#include <QUrl>

namespace Fabrikam::Test {

// One request to the sandbox's loopback admin interface (sandbox/README.md): PATCH, PUT or
// DELETE /scenarios with the switches as JSON, POST /keys/rotate. Waits for the answer and
// returns its HTTP status, or 0 when none came within 10 s. Use as
//   QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "PATCH", u"/scenarios"_s, {{…}}), 200);
inline int sandboxAdmin(QNetworkAccessManager& network, const QString& adminUrl,
                        const QByteArray& method, const QString& path, const QJsonObject& body = {})
{
    QNetworkRequest request(QUrl(adminUrl + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(10000);
    QNetworkReply* reply = network.sendCustomRequest(request, method, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool answered = reply->isFinished() || finished.wait(10000);
    const int status =
        answered ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
    reply->deleteLater();
    return status;
}

} // namespace Fabrikam::Test
