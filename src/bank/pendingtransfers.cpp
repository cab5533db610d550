#include "bank/pendingtransfers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace Fabrikam::Bank {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxFileSize = 64 * 1024;

} // namespace

PendingTransfers::PendingTransfers(const QString& profileName, const Common::Clock& clock,
                                   QString directory)
    : m_clock(clock)
{
    if (directory.isEmpty()) {
        directory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                    u"/pending-transfers"_s;
    }
    // Profile names come from the command line: the file name is their hash, never a path.
    const QByteArray name =
        QCryptographicHash::hash(profileName.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    m_path = directory + u'/' + QString::fromLatin1(name) + u".json"_s;
}

QByteArray PendingTransfers::fingerprint(const QString& issuer, const QString& clientId,
                                         const QString& subject, const TransferRequest& request)
{
    const QJsonObject intent{{u"iss"_s, issuer},
                             {u"client_id"_s, clientId},
                             {u"sub"_s, subject},
                             {u"body"_s, QString::fromUtf8(request.toJson())}};
    return QCryptographicHash::hash(QJsonDocument(intent).toJson(QJsonDocument::Compact),
                                    QCryptographicHash::Sha256)
        .toHex();
}

QJsonObject PendingTransfers::load() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileSize) {
        return {};
    }
    QJsonObject entries = QJsonDocument::fromJson(file.read(kMaxFileSize)).object();
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    for (auto it = entries.begin(); it != entries.end();) {
        const qint64 created = it.value()[u"created"_s].toInteger(-1);
        if (created < 0 || now - created > kMaxAgeSeconds || created > now + 300) {
            it = entries.erase(it);
        } else {
            ++it;
        }
    }
    return entries;
}

bool PendingTransfers::save(const QJsonObject& entries) const
{
    if (entries.isEmpty()) {
        return !QFile::exists(m_path) || QFile::remove(m_path);
    }
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return false;
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return false;
    }
    file.write(QJsonDocument(entries).toJson(QJsonDocument::Compact));
    return file.commit();
}

std::optional<QByteArray> PendingTransfers::keyFor(const QByteArray& fingerprint) const
{
    const QJsonValue entry = load().value(QString::fromLatin1(fingerprint));
    const QString key = entry[u"key"_s].toString();
    if (key.isEmpty()) {
        return std::nullopt;
    }
    return key.toLatin1();
}

bool PendingTransfers::remember(const QByteArray& fingerprint, const QByteArray& key)
{
    QJsonObject entries = load();
    entries.insert(QString::fromLatin1(fingerprint),
                   QJsonObject{{u"key"_s, QString::fromLatin1(key)},
                               {u"created"_s, m_clock.now().toSecsSinceEpoch()}});
    return save(entries);
}

void PendingTransfers::forget(const QByteArray& fingerprint, const QByteArray& key)
{
    QJsonObject entries = load();
    const QString name = QString::fromLatin1(fingerprint);
    if (entries.value(name)[u"key"_s].toString() != QString::fromLatin1(key)) {
        return;
    }
    entries.remove(name);
    (void)save(entries);
}

} // namespace Fabrikam::Bank
