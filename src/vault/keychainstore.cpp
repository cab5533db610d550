#include "vault/keychainstore.h"

#include "vault/errors.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#if defined(FABRIKAM_SECRET_SERVICE)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

struct KeychainStore::Outcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString; // from the backend, e.g. "Cannot autolaunch D-Bus without X11 $DISPLAY"
    QByteArray data;     // read only
};

namespace {

QString codeName(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return u"NoError"_s;
    case QKeychain::EntryNotFound:
        return u"EntryNotFound"_s;
    case QKeychain::CouldNotDeleteEntry:
        return u"CouldNotDeleteEntry"_s;
    case QKeychain::AccessDeniedByUser:
        return u"AccessDeniedByUser"_s;
    case QKeychain::AccessDenied:
        return u"AccessDenied"_s;
    case QKeychain::NoBackendAvailable:
        return u"NoBackendAvailable"_s;
    case QKeychain::NotImplemented:
        return u"NotImplemented"_s;
    case QKeychain::OtherError:
        return u"OtherError"_s;
    }
    return QString::number(static_cast<int>(error));
}

// "The keychain is not (yet) there" rather than "the keychain said no". With libsecret a missing
// bus or login collection is OtherError; NoBackendAvailable never shows up there (STACK.md
// section 3) but means the same where it does.
bool mayBeStartingUp(QKeychain::Error error)
{
    return error == QKeychain::OtherError || error == QKeychain::NoBackendAvailable;
}

QString unavailableWords(QStringView operation)
{
    if (operation == u"read") {
        return QCoreApplication::translate(
            "Fabrikam::Vault::KeychainStore",
            "The system keychain is not available, so Fabrikam cannot restore your "
            "sign-in. Please sign in again.");
    }
    if (operation == u"remove") {
        return QCoreApplication::translate(
            "Fabrikam::Vault::KeychainStore",
            "The system keychain is not available, so Fabrikam could not forget your "
            "saved sign-in. Please sign out again once the keychain is available.");
    }
    return QCoreApplication::translate(
        "Fabrikam::Vault::KeychainStore",
        "The system keychain is not available, so Fabrikam cannot remember your "
        "sign-in. You will need to sign in again next time.");
}

// The backend's text goes to the detail (support staff), never a value: jobs carry no secret in
// their error strings, and we never put one there.
Error toError(QStringView operation, const QString& key, QKeychain::Error error,
              const QString& errorString)
{
    const QString detail = u"%1 of '%2': QtKeychain %3 (%4): %5"_s.arg(
        operation, key, codeName(error), QString::number(static_cast<int>(error)), errorString);
    switch (error) {
    case QKeychain::EntryNotFound:
        return Error{Errc::EntryNotFound,
                     QCoreApplication::translate("Fabrikam::Vault::KeychainStore",
                                                 "No saved sign-in was found."),
                     detail};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{Errc::KeychainAccessDenied,
                     QCoreApplication::translate(
                         "Fabrikam::Vault::KeychainStore",
                         "Fabrikam was not allowed to use the system keychain. Unlock "
                         "it or allow access, then try again. Until then you will need "
                         "to sign in each time you start Fabrikam."),
                     detail};
    case QKeychain::NoError: // only reached by a bug: still no success to report
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    return Error{Errc::KeychainUnavailable, unavailableWords(operation), detail};
}

// Linux: QtKeychain (libsecret) reports an entry of a *locked* collection as not found (the unlock
// prompt it would need cannot be shown), so "no saved sign-in" and "the keychain is locked" look
// the same. Before saying the former, ask the Secret Service whether its default collection is
// locked: one property read over D-Bus, asynchronous, never starting a service that is not
// running. `done(true)` only for a definite "locked"; any doubt is "not locked".
void whenDefaultCollectionLocked(QObject* context, std::function<void(bool)> done)
{
#if defined(FABRIKAM_SECRET_SERVICE)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        done(false);
        return;
    }
    QDBusMessage get = QDBusMessage::createMethodCall(
        u"org.freedesktop.secrets"_s, u"/org/freedesktop/secrets/aliases/default"_s,
        u"org.freedesktop.DBus.Properties"_s, u"Get"_s);
    get << u"org.freedesktop.Secret.Collection"_s << u"Locked"_s;
    get.setAutoStartService(false);
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(get, 5000), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [done = std::move(done)](QDBusPendingCallWatcher* call) {
                         call->deleteLater();
                         const QDBusPendingReply<QDBusVariant> reply = *call;
                         done(!reply.isError() && reply.value().variant().toBool());
                     });
#else
    Q_UNUSED(context)
    done(false);
#endif
}

Error lockedError(const QString& key, const QString& errorString)
{
    return Error{Errc::KeychainAccessDenied,
                 QCoreApplication::translate(
                     "Fabrikam::Vault::KeychainStore",
                     "The system keychain is locked, so Fabrikam cannot read your saved "
                     "sign-in. Unlock it (log in to your desktop session again, or unlock it in "
                     "your keyring manager), then try again."),
                 u"read of '%1': QtKeychain EntryNotFound (%2) and the Secret Service's default "
                 "collection is locked"_s.arg(key, errorString)};
}

} // namespace

KeychainStore::KeychainStore(QString service, QObject* parent)
    : SecretStore(parent)
    , m_service(std::move(service))
{
    Q_ASSERT(!m_service.isEmpty());
}

KeychainStore::~KeychainStore() = default;

void KeychainStore::runJob(Operation operation, const QString& key, const QByteArray& value,
                           QObject* guard, bool mayRetry,
                           std::function<void(const Outcome&)> finished)
{
    // No parent: a job must outlive neither more nor less than its backend call. autoDelete frees
    // it after `finished`; our handler is bound to the operation's guard, so an answer that comes
    // after a timeout (or after the caller went away) is dropped.
    if (!guard) {
        return; // the operation is already over (timed out, or its caller went away)
    }
    QKeychain::Job* job = nullptr;
    switch (operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Operation::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_service);
        write->setBinaryData(value);
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setAutoDelete(true);
    job->setKey(key);

    // DESIGN.md section 5: never a plaintext fallback. QtKeychain defaults to off and we never
    // turn it on; should a build ever default to on, refuse rather than write a plaintext file.
    Q_ASSERT(!job->insecureFallback());
    if (job->insecureFallback()) {
        m_insecureFallbackSeen = true;
        delete job;
        finished(Outcome{QKeychain::OtherError,
                         u"refused: the job had QtKeychain's insecure fallback enabled"_s,
                         {}});
        return;
    }

    const QPointer<KeychainStore> self(this);
    const QPointer<QObject> guardPtr(guard);
    connect(job, &QKeychain::Job::finished, guard,
            [self, guardPtr, operation, key, value, mayRetry, finished](QKeychain::Job* done) {
                Outcome outcome{done->error(), done->errorString(), {}};
                if (operation == Operation::Read && outcome.error == QKeychain::NoError) {
                    outcome.data = static_cast<QKeychain::ReadPasswordJob*>(done)->binaryData();
                }
                if (!self) {
                    finished(outcome);
                    return;
                }
                if (outcome.error == QKeychain::NoError ||
                    outcome.error == QKeychain::EntryNotFound) {
                    self->m_answeredOnce = true;
                } else if (mayRetry && mayBeStartingUp(outcome.error) && !self->m_answeredOnce) {
                    // ownCloud: the Linux keychain may not be up yet right after login.
                    QTimer::singleShot(self->m_retryDelay, guardPtr.data(),
                                       [self, guardPtr, operation, key, value, finished] {
                                           if (self && guardPtr) {
                                               self->runJob(operation, key, value, guardPtr, false,
                                                            finished);
                                           }
                                       });
                    return;
                }
                finished(outcome);
            });
    job->start();
}

void KeychainStore::doRead(const QString& key, Reply<QByteArray> reply)
{
    runJob(Operation::Read, key, {}, reply.guard(), true, [reply, key](const Outcome& outcome) {
        if (outcome.error == QKeychain::NoError) {
            reply.finish(Result<QByteArray>(outcome.data));
        } else if (outcome.error == QKeychain::EntryNotFound) {
            whenDefaultCollectionLocked(reply.guard(), [reply, key, outcome](bool locked) {
                reply.finish(Result<QByteArray>(
                    locked ? lockedError(key, outcome.errorString)
                           : toError(u"read", key, outcome.error, outcome.errorString)));
            });
        } else {
            reply.finish(
                Result<QByteArray>(toError(u"read", key, outcome.error, outcome.errorString)));
        }
    });
}

void KeychainStore::doWrite(const QString& key, const QByteArray& value, Reply<void> reply)
{
    runJob(Operation::Write, key, value, reply.guard(), true, [reply, key](const Outcome& outcome) {
        if (outcome.error == QKeychain::NoError) {
            reply.finish(Result<void>());
        } else {
            reply.finish(Result<void>(toError(u"write", key, outcome.error, outcome.errorString)));
        }
    });
}

void KeychainStore::doRemove(const QString& key, Reply<void> reply)
{
    runJob(Operation::Remove, key, {}, reply.guard(), true, [reply, key](const Outcome& outcome) {
        // Removing what is not there is success: signing out twice is fine.
        if (outcome.error == QKeychain::NoError || outcome.error == QKeychain::EntryNotFound) {
            reply.finish(Result<void>());
        } else {
            reply.finish(Result<void>(toError(u"remove", key, outcome.error, outcome.errorString)));
        }
    });
}

} // namespace Fabrikam::Vault
