#include "vault/secretstore.h"

#include "vault/errors.h"

#include <QCoreApplication>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

Error storeGone()
{
    return Error{Common::Errc::Cancelled,
                 QCoreApplication::translate("Fabrikam::Vault::SecretStore",
                                             "Fabrikam stopped using the keychain."),
                 u"the store was destroyed during the probe"_s};
}

Error invalidKey()
{
    return Error{Common::Errc::InvalidInput,
                 QCoreApplication::translate("Fabrikam::Vault::SecretStore",
                                             "Fabrikam tried to use the keychain with an "
                                             "empty entry name. This is a bug."),
                 u"empty key"_s};
}

QString randomHex(qsizetype bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return QString::fromLatin1(raw.toHex());
}

} // namespace

SecretStore::SecretStore(QObject* parent)
    : QObject(parent)
{}

SecretStore::~SecretStore() = default;

Error SecretStore::timeoutError(const QString& operation, const QString& key) const
{
    return Error{Common::Errc::Timeout,
                 QCoreApplication::translate("Fabrikam::Vault::SecretStore",
                                             "The system keychain did not answer in time, so "
                                             "Fabrikam cannot use your saved sign-in right now."),
                 u"%1 of '%2' timed out after %3 ms"_s.arg(operation, key).arg(m_timeout.count())};
}

void SecretStore::read(const QString& key, QObject* context, Completion<QByteArray> done)
{
    auto reply =
        Reply<QByteArray>::start(context, std::move(done), m_timeout, timeoutError(u"read"_s, key));
    if (key.isEmpty()) {
        reply.finish(Result<QByteArray>(invalidKey()));
        return;
    }
    doRead(key, reply);
}

void SecretStore::write(const QString& key, const QByteArray& value, QObject* context,
                        Completion<void> done)
{
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout, timeoutError(u"write"_s, key));
    if (key.isEmpty()) {
        reply.finish(Result<void>(invalidKey()));
        return;
    }
    if (value.size() > MaxValueSize) {
        reply.finish(Result<void>(Error{
            Errc::SecretTooLarge,
            QCoreApplication::translate("Fabrikam::Vault::SecretStore",
                                        "Your sign-in is too large for the system keychain, so "
                                        "Fabrikam cannot remember it. You will need to sign in "
                                        "again next time."),
            u"write of '%1': %2 bytes, at most %3"_s.arg(key)
                .arg(value.size())
                .arg(MaxValueSize)}));
        return;
    }
    doWrite(key, value, reply);
}

void SecretStore::remove(const QString& key, QObject* context, Completion<void> done)
{
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout, timeoutError(u"remove"_s, key));
    if (key.isEmpty()) {
        reply.finish(Result<void>(invalidKey()));
        return;
    }
    doRemove(key, reply);
}

void SecretStore::probe(QObject* context, Completion<void> done)
{
    const QString key = u"fabrikam-probe/"_s + randomHex(8);
    const QByteArray canary = randomHex(16).toLatin1();
    // Three steps, each with its own timeout; the probe as a whole gets the same budget again.
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout * 3, timeoutError(u"probe"_s, key));
    const QPointer<SecretStore> self(this);

    write(key, canary, reply.guard(), [=](Result<void> written) {
        if (!self) {
            reply.finish(Result<void>(storeGone()));
            return;
        }
        if (!written.ok()) {
            reply.finish(written);
            return;
        }
        self->read(key, reply.guard(), [=](Result<QByteArray> readBack) {
            if (!self) {
                reply.finish(Result<void>(storeGone()));
                return;
            }
            if (!readBack.ok() || readBack.value() != canary) {
                // Written but not readable (libsecret without an unlocked login collection reads
                // EntryNotFound): the keychain is of no use to us.
                const QString why = readBack.ok() ? u"read back a different value"_s
                                                  : Common::errorCodeName(readBack.error().code) +
                                                        u": "_s + readBack.error().detail;
                reply.finish(Result<void>(Error{
                    Errc::KeychainUnavailable,
                    QCoreApplication::translate(
                        "Fabrikam::Vault::SecretStore",
                        "The system keychain is not available, so Fabrikam cannot remember your "
                        "sign-in. You will need to sign in again next time."),
                    u"probe: canary written but %1"_s.arg(why)}));
                self->remove(key, self, [](Result<void>) {});
                return;
            }
            self->remove(key, reply.guard(), [=](Result<void> removed) { reply.finish(removed); });
        });
    });
}

} // namespace Fabrikam::Vault
