#include "vault/unrevokedtokens.h"

#include "common/secret.h"
#include "vault/errors.h"
#include "vault/secretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Result;

namespace {

constexpr int kVersion = 1;

QList<UnrevokedTokens::Token> parse(const QByteArray& json)
{
    QList<UnrevokedTokens::Token> tokens;
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    if (object.value("v"_L1).toInt(-1) != kVersion) {
        return tokens;
    }
    for (const QJsonValue& entry : object.value("tokens"_L1).toArray()) {
        const QJsonObject o = entry.toObject();
        UnrevokedTokens::Token token{o.value("iss"_L1).toString(),
                                     o.value("client_id"_L1).toString(),
                                     o.value("refresh_token"_L1).toString().toLatin1()};
        if (!token.issuer.isEmpty() && !token.clientId.isEmpty() && !token.refreshToken.isEmpty()) {
            tokens.append(std::move(token));
        }
    }
    return tokens;
}

QByteArray serialise(const QList<UnrevokedTokens::Token>& tokens)
{
    QJsonArray array;
    for (const auto& token : tokens) {
        array.append(QJsonObject{{u"iss"_s, token.issuer},
                                 {u"client_id"_s, token.clientId},
                                 {u"refresh_token"_s, QString::fromLatin1(token.refreshToken)}});
    }
    return QJsonDocument(QJsonObject{{u"v"_s, kVersion}, {u"tokens"_s, array}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

UnrevokedTokens::UnrevokedTokens(SecretStore& store, QString profile)
    : m_store(store)
    , m_profile(std::move(profile))
{}

QString UnrevokedTokens::key(const QString& profile)
{
    return u"profile/%1/unrevoked"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(profile)));
}

void UnrevokedTokens::list(QObject* context, Common::Completion<QList<Token>> done)
{
    m_store.read(key(m_profile), context, [done = std::move(done)](Result<QByteArray> read) {
        if (!read.ok()) {
            done(read.error().code == Errc::EntryNotFound ? Result<QList<Token>>(QList<Token>{})
                                                          : Result<QList<Token>>(read.error()));
            return;
        }
        QByteArray json = std::move(read).value();
        auto tokens = parse(json);
        Common::wipe(json);
        done(Result<QList<Token>>(std::move(tokens)));
    });
}

void UnrevokedTokens::add(const Token& token, QObject* context, Common::Completion<void> done)
{
    list(context, [this, token, context, done = std::move(done)](Result<QList<Token>> listed) {
        QList<Token> tokens = listed.ok() ? std::move(listed).value() : QList<Token>{};
        tokens.removeIf([&](const Token& t) { return t.refreshToken == token.refreshToken; });
        tokens.append(token);
        while (tokens.size() > kMaxTokens ||
               (tokens.size() > 1 && serialise(tokens).size() > SecretStore::MaxValueSize)) {
            tokens.removeFirst();
        }
        write(tokens, context, done);
    });
}

void UnrevokedTokens::remove(const QByteArray& refreshToken, QObject* context,
                             Common::Completion<void> done)
{
    list(context,
         [this, refreshToken, context, done = std::move(done)](Result<QList<Token>> listed) {
             QList<Token> tokens = listed.ok() ? std::move(listed).value() : QList<Token>{};
             tokens.removeIf([&](const Token& t) { return t.refreshToken == refreshToken; });
             write(tokens, context, done);
         });
}

void UnrevokedTokens::write(const QList<Token>& tokens, QObject* context,
                            Common::Completion<void> done)
{
    if (tokens.isEmpty()) {
        m_store.remove(key(m_profile), context, std::move(done));
        return;
    }
    m_store.write(key(m_profile), serialise(tokens), context, std::move(done));
}

} // namespace Fabrikam::Vault
