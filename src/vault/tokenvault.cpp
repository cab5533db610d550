#include "vault/tokenvault.h"

#include "vault/errors.h"
#include "vault/secretstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

constexpr int kIndexVersion = 1;

Error invalidInput(const QString& detail)
{
    return Error{Common::Errc::InvalidInput,
                 QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                             "Fabrikam could not save your sign-in because it is "
                                             "incomplete. This is a bug."),
                 detail};
}

Error vaultGone()
{
    return Error{Common::Errc::Cancelled,
                 QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                             "Fabrikam stopped using the keychain."),
                 u"the token vault was destroyed during the operation"_s};
}

Error storedDataInvalid(const QString& detail)
{
    return Error{Errc::StoredDataInvalid,
                 QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                             "Your saved sign-in could not be read. "
                                             "Please sign in again."),
                 detail};
}

// Says which entry an error is about, for support staff; a store's own detail may name it once
// more ("'k': write of 'k': …"), which costs nothing and is never read by a program.
Error withContext(Error error, const QString& key)
{
    error.detail = u"'%1': %2"_s.arg(key, error.detail);
    return error;
}

QString encodeKeyPart(const QString& part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

// RFC 7515 §7.1 / RFC 7516 §7.1 compact serialisation: 3 or 5 base64url parts, the first a JSON
// header with "alg". Access, ID and step-up tokens from Auth0 and from our sandbox are JWTs;
// their refresh tokens are opaque. (A provider issuing JWT refresh tokens, e.g. Keycloak, would
// need this revisited.)
bool looksLikeJwt(const QByteArray& token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 && parts.size() != 5) {
        return false;
    }
    const auto header = QByteArray::fromBase64Encoding(
        parts.first(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                           QByteArray::AbortOnBase64DecodingErrors);
    if (!header) {
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(*header);
    return document.isObject() && document.object().contains("alg"_L1);
}

QByteArray indexJson(const QString& sub)
{
    return QJsonDocument(QJsonObject{{u"v"_s, kIndexVersion}, {u"sub"_s, sub}})
        .toJson(QJsonDocument::Compact);
}

Result<QString> parseIndex(const QByteArray& json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject()) {
        return Result<QString>(storedDataInvalid(u"index is not a JSON object"_s));
    }
    const QJsonObject object = document.object();
    if (object.value("v"_L1).toInt(-1) != kIndexVersion) {
        return Result<QString>(storedDataInvalid(u"index has no or an unsupported version"_s));
    }
    const QJsonValue sub = object.value("sub"_L1);
    if (!sub.isString() || sub.toString().isEmpty()) {
        return Result<QString>(storedDataInvalid(u"index member 'sub' missing or empty"_s));
    }
    return Result<QString>(sub.toString());
}

} // namespace

TokenVault::TokenVault(SecretStore& store, const Common::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{}

TokenVault::~TokenVault() = default;

QString TokenVault::recordKey(const QString& profile, const QString& sub)
{
    return u"profile/%1/users/%2"_s.arg(encodeKeyPart(profile), encodeKeyPart(sub));
}

QString TokenVault::currentKey(const QString& profile)
{
    return u"profile/%1/current"_s.arg(encodeKeyPart(profile));
}

Error TokenVault::timeoutError(const QString& operation, const QString& profile) const
{
    return Error{Common::Errc::Timeout,
                 QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                             "The system keychain did not answer in time, so "
                                             "Fabrikam cannot use your saved sign-in right now."),
                 u"%1 for profile '%2' timed out after %3 ms"_s.arg(operation, profile)
                     .arg(m_timeout.count())};
}

void TokenVault::save(const QString& profile, const SessionRecord& record, QObject* context,
                      Completion<void> done)
{
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout, timeoutError(u"save"_s, profile));

    if (profile.isEmpty()) {
        reply.finish(Result<void>(invalidInput(u"empty profile name"_s)));
        return;
    }
    for (const auto& [name, empty] : {std::pair{u"refresh_token"_s, record.refreshToken.isEmpty()},
                                      std::pair{u"issuer"_s, record.issuer.isEmpty()},
                                      std::pair{u"client_id"_s, record.clientId.isEmpty()},
                                      std::pair{u"sub"_s, record.sub.isEmpty()}}) {
        if (empty) {
            reply.finish(Result<void>(invalidInput(u"record has an empty '%1'"_s.arg(name))));
            return;
        }
    }
    // DESIGN.md section 4: the elevated token is never written anywhere. SessionRecord has no
    // field for it; this catches one passed off as the refresh token.
    if (looksLikeJwt(record.refreshToken)) {
        reply.finish(Result<void>(
            Error{Common::Errc::InvalidInput,
                  QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                              "Fabrikam refused to save a token that must never be "
                                              "stored. This is a bug."),
                  u"the refresh token is a JWT (an access, ID or step-up token?)"_s}));
        return;
    }

    SessionRecord stamped = record;
    stamped.savedAt = m_clock.now().toUTC();
    const QByteArray json = stamped.toJson();
    const QString key = recordKey(profile, record.sub);
    if (json.size() > SecretStore::MaxValueSize) {
        reply.finish(Result<void>(Error{
            Errc::SecretTooLarge,
            QCoreApplication::translate("Fabrikam::Vault::TokenVault",
                                        "Your sign-in is too large for the system keychain, so "
                                        "Fabrikam cannot remember it. You will need to sign in "
                                        "again next time."),
            u"'%1': record is %2 bytes, at most %3"_s.arg(key)
                .arg(json.size())
                .arg(SecretStore::MaxValueSize)}));
        return;
    }

    const QPointer<TokenVault> self(this);
    const QString index = currentKey(profile);
    const QString sub = record.sub;
    m_store.write(key, json, reply.guard(), [=](Result<void> written) {
        if (!written.ok()) {
            reply.finish(Result<void>(withContext(written.error(), key)));
            return;
        }
        if (!self) {
            reply.finish(Result<void>(vaultGone()));
            return;
        }
        self->m_store.write(index, indexJson(sub), reply.guard(), [=](Result<void> indexed) {
            reply.finish(indexed.ok() ? indexed
                                      : Result<void>(withContext(indexed.error(), index)));
        });
    });
}

void TokenVault::load(const QString& profile, QObject* context,
                      Completion<std::optional<SessionRecord>> done)
{
    using Loaded = Result<std::optional<SessionRecord>>;
    auto reply = Reply<std::optional<SessionRecord>>::start(context, std::move(done), m_timeout,
                                                            timeoutError(u"load"_s, profile));
    if (profile.isEmpty()) {
        reply.finish(Loaded(invalidInput(u"empty profile name"_s)));
        return;
    }

    const QPointer<TokenVault> self(this);
    const QString index = currentKey(profile);
    m_store.read(index, reply.guard(), [=](Result<QByteArray> indexRead) {
        if (!indexRead.ok()) {
            // Nothing stored for the profile: signed out, not a failure.
            reply.finish(indexRead.error().code == Errc::EntryNotFound
                             ? Loaded(std::nullopt)
                             : Loaded(withContext(indexRead.error(), index)));
            return;
        }
        const Result<QString> sub = parseIndex(indexRead.value());
        if (!sub.ok()) {
            reply.finish(Loaded(withContext(sub.error(), index)));
            return;
        }
        if (!self) {
            reply.finish(Loaded(vaultGone()));
            return;
        }
        const QString key = recordKey(profile, sub.value());
        self->m_store.read(key, reply.guard(), [=](Result<QByteArray> recordRead) {
            if (!recordRead.ok()) {
                // An index naming a record that is gone (removed elsewhere): signed out.
                reply.finish(recordRead.error().code == Errc::EntryNotFound
                                 ? Loaded(std::nullopt)
                                 : Loaded(withContext(recordRead.error(), key)));
                return;
            }
            Result<SessionRecord> record = SessionRecord::fromJson(recordRead.value());
            if (!record.ok()) {
                reply.finish(Loaded(withContext(record.error(), key)));
                return;
            }
            if (record.value().sub != sub.value()) {
                reply.finish(Loaded(withContext(
                    storedDataInvalid(u"record's 'sub' differs from the index's"_s), key)));
                return;
            }
            reply.finish(Loaded(std::optional<SessionRecord>(std::move(record).value())));
        });
    });
}

void TokenVault::remove(const QString& profile, const QString& sub, QObject* context,
                        Completion<void> done)
{
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout, timeoutError(u"remove"_s, profile));
    if (profile.isEmpty() || sub.isEmpty()) {
        reply.finish(Result<void>(invalidInput(u"empty profile name or sub"_s)));
        return;
    }

    const QPointer<TokenVault> self(this);
    const QString key = recordKey(profile, sub);
    const QString index = currentKey(profile);
    m_store.remove(key, reply.guard(), [=](Result<void> removed) {
        if (!removed.ok()) {
            reply.finish(Result<void>(withContext(removed.error(), key)));
            return;
        }
        if (!self) {
            reply.finish(Result<void>(vaultGone()));
            return;
        }
        self->m_store.read(index, reply.guard(), [=](Result<QByteArray> indexRead) {
            if (!indexRead.ok()) {
                reply.finish(indexRead.error().code == Errc::EntryNotFound
                                 ? Result<void>()
                                 : Result<void>(withContext(indexRead.error(), index)));
                return;
            }
            const Result<QString> current = parseIndex(indexRead.value());
            if (current.ok() && current.value() != sub) {
                reply.finish(Result<void>()); // another user is current: keep their index
                return;
            }
            if (!self) {
                reply.finish(Result<void>(vaultGone()));
                return;
            }
            self->m_store.remove(index, reply.guard(), [=](Result<void> unindexed) {
                reply.finish(unindexed.ok() ? unindexed
                                            : Result<void>(withContext(unindexed.error(), index)));
            });
        });
    });
}

void TokenVault::forget(const QString& profile, QObject* context, Completion<void> done)
{
    auto reply =
        Reply<void>::start(context, std::move(done), m_timeout, timeoutError(u"forget"_s, profile));
    if (profile.isEmpty()) {
        reply.finish(Result<void>(invalidInput(u"empty profile name"_s)));
        return;
    }

    const QPointer<TokenVault> self(this);
    const QString index = currentKey(profile);
    m_store.read(index, reply.guard(), [=](Result<QByteArray> indexRead) {
        if (!indexRead.ok()) {
            reply.finish(indexRead.error().code == Errc::EntryNotFound
                             ? Result<void>()
                             : Result<void>(withContext(indexRead.error(), index)));
            return;
        }
        if (!self) {
            reply.finish(Result<void>(vaultGone()));
            return;
        }
        const auto removeIndex = [=](Result<void> recordRemoved) {
            if (!recordRemoved.ok()) {
                reply.finish(recordRemoved);
                return;
            }
            if (!self) {
                reply.finish(Result<void>(vaultGone()));
                return;
            }
            self->m_store.remove(index, reply.guard(), [=](Result<void> unindexed) {
                reply.finish(unindexed.ok() ? unindexed
                                            : Result<void>(withContext(unindexed.error(), index)));
            });
        };
        const Result<QString> current = parseIndex(indexRead.value());
        if (!current.ok()) {
            removeIndex(Result<void>()); // nothing we can name: drop the broken index only
            return;
        }
        const QString key = recordKey(profile, current.value());
        self->m_store.remove(key, reply.guard(), [=](Result<void> removed) {
            removeIndex(removed.ok() ? removed : Result<void>(withContext(removed.error(), key)));
        });
    });
}

} // namespace Fabrikam::Vault
