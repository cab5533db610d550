#include "vault/sessionlock.h"

#include "vault/errors.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>

namespace Fabrikam::Vault {

using Common::Error;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

constexpr std::chrono::milliseconds kPollInterval{50};

struct Attempt
{
    std::shared_ptr<QLockFile> lock;
    QElapsedTimer waited;
    std::chrono::milliseconds wait;
    Common::Completion<std::shared_ptr<QLockFile>> done;
};

Error busy(const QLockFile& lock, std::chrono::milliseconds wait)
{
    qint64 pid = 0;
    QString host;
    QString app;
    const QString holder = lock.getLockInfo(&pid, &host, &app)
                               ? u"%1, process %2"_s.arg(app.isEmpty() ? u"?"_s : app).arg(pid)
                               : u"unknown"_s;
    return Error{Errc::SessionBusy,
                 QCoreApplication::translate(
                     "Fabrikam::Vault",
                     "Another Fabrikam program (%1) is renewing this sign-in and has not "
                     "finished after %2 seconds. Try again in a moment; if it keeps happening, "
                     "close the other program.")
                     .arg(holder)
                     .arg(std::chrono::duration_cast<std::chrono::seconds>(wait).count()),
                 u"refresh lock held by %1"_s.arg(holder)};
}

void tryOnce(const std::shared_ptr<Attempt>& attempt, QObject* context)
{
    if (attempt->lock->tryLock(0)) {
        attempt->done(Result<std::shared_ptr<QLockFile>>(attempt->lock));
        return;
    }
    if (attempt->lock->error() != QLockFile::LockFailedError) {
        attempt->done(Result<std::shared_ptr<QLockFile>>(Error{
            Errc::LockUnavailable,
            QCoreApplication::translate("Fabrikam::Vault",
                                        "Fabrikam cannot create its lock file in %1. Check that "
                                        "the folder exists and can be written.")
                .arg(QDir::toNativeSeparators(QFileInfo(attempt->lock->fileName()).path())),
            u"QLockFile error %1"_s.arg(int(attempt->lock->error()))}));
        return;
    }
    if (attempt->waited.elapsed() >= attempt->wait.count()) {
        attempt->done(Result<std::shared_ptr<QLockFile>>(busy(*attempt->lock, attempt->wait)));
        return;
    }
    QTimer::singleShot(kPollInterval, context, [attempt, context] { tryOnce(attempt, context); });
}

} // namespace

QString SessionLock::pathFor(const QString& directory, const QString& issuer,
                             const QString& clientId, const QString& subject)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part : {issuer, clientId, subject}) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\n", 1));
    }
    return directory + u"/session-"_s + QString::fromLatin1(hash.result().toHex().left(32)) +
           u".lock"_s;
}

QString SessionLock::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u"/locks"_s;
}

void SessionLock::acquire(const QString& path, std::chrono::milliseconds wait, QObject* context,
                          Common::Completion<std::shared_ptr<QLockFile>> done)
{
    QDir().mkpath(QFileInfo(path).path());
    auto attempt = std::make_shared<Attempt>();
    attempt->lock = std::make_shared<QLockFile>(path);
    // Never stale by age: a refresh may take long on a slow network, and a dead holder is found
    // by its process id. The wait bounds how long this process lets another one hold it.
    attempt->lock->setStaleLockTime(0);
    attempt->waited.start();
    attempt->wait = wait;
    attempt->done = std::move(done);
    // Always from the event loop, as every completion.
    QTimer::singleShot(0, context, [attempt, context] { tryOnce(attempt, context); });
}

} // namespace Fabrikam::Vault
