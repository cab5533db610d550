#include "vault/sessionrecord.h"

#include "common/redact.h"
#include "vault/errors.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

Error invalid(const QString& detail)
{
    return Error{Errc::StoredDataInvalid,
                 QCoreApplication::translate("Fabrikam::Vault::SessionRecord",
                                             "Your saved sign-in could not be read. Please sign "
                                             "in again."),
                 detail};
}

// A required, non-empty string member.
std::optional<QString> requiredString(const QJsonObject& object, QLatin1StringView name)
{
    const QJsonValue value = object.value(name);
    if (!value.isString() || value.toString().isEmpty()) {
        return std::nullopt;
    }
    return value.toString();
}

} // namespace

QString SessionRecord::redactedDescription() const
{
    return u"sub=%1 issuer=%2 client_id=%3 scope=\"%4\" saved_at=%5 refresh_token=%6"_s.arg(
        sub, issuer, clientId, scopes.join(u' '), savedAt.toString(Qt::ISODateWithMs),
        Common::redact(refreshToken));
}

QByteArray SessionRecord::toJson() const
{
    const QJsonObject object{
        {u"v"_s, Version},
        {u"refresh_token"_s, QString::fromUtf8(refreshToken)},
        {u"issuer"_s, issuer},
        {u"client_id"_s, clientId},
        {u"sub"_s, sub},
        // RFC 6749 §3.3: a space-delimited list.
        {u"scope"_s, scopes.join(u' ')},
        {u"aud"_s, QJsonArray::fromStringList(audiences)},
        {u"saved_at"_s, savedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<SessionRecord> SessionRecord::fromJson(QByteArrayView json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Result<SessionRecord>(invalid(u"not JSON: %1 at offset %2"_s.arg(
            parseError.errorString(), QString::number(parseError.offset))));
    }
    if (!document.isObject()) {
        return Result<SessionRecord>(invalid(u"not a JSON object"_s));
    }
    const QJsonObject object = document.object();

    const QJsonValue version = object.value("v"_L1);
    if (!version.isDouble() || version.toDouble() != Version) {
        return Result<SessionRecord>(invalid(
            version.isDouble()
                ? u"unsupported version %1 (expected %2)"_s.arg(version.toDouble()).arg(Version)
                : u"member 'v' missing or not a number"_s));
    }

    SessionRecord record;
    for (const auto& [name, target] :
         {std::pair{"issuer"_L1, &record.issuer}, std::pair{"client_id"_L1, &record.clientId},
          std::pair{"sub"_L1, &record.sub}}) {
        const std::optional<QString> value = requiredString(object, name);
        if (!value) {
            return Result<SessionRecord>(
                invalid(u"member '%1' missing, empty or not a string"_s.arg(name)));
        }
        *target = *value;
    }

    const std::optional<QString> refreshToken = requiredString(object, "refresh_token"_L1);
    if (!refreshToken) {
        return Result<SessionRecord>(
            invalid(u"member 'refresh_token' missing, empty or not a string"_s));
    }
    record.refreshToken = refreshToken->toUtf8();

    const QJsonValue scope = object.value("scope"_L1);
    if (!scope.isString()) {
        return Result<SessionRecord>(invalid(u"member 'scope' missing or not a string"_s));
    }
    record.scopes = scope.toString().split(u' ', Qt::SkipEmptyParts);

    // Optional (records written before it existed have none); when present, strings only.
    if (const QJsonValue aud = object.value("aud"_L1); !aud.isUndefined()) {
        if (!aud.isArray()) {
            return Result<SessionRecord>(invalid(u"member 'aud' is not an array"_s));
        }
        for (const QJsonValue& value : aud.toArray()) {
            if (!value.isString() || value.toString().isEmpty()) {
                return Result<SessionRecord>(invalid(u"member 'aud' holds a non-string"_s));
            }
            record.audiences.append(value.toString());
        }
    }

    const std::optional<QString> savedAt = requiredString(object, "saved_at"_L1);
    record.savedAt = savedAt ? QDateTime::fromString(*savedAt, Qt::ISODateWithMs) : QDateTime();
    if (!record.savedAt.isValid()) {
        return Result<SessionRecord>(invalid(u"member 'saved_at' missing or not a date"_s));
    }
    record.savedAt = record.savedAt.toUTC();
    return Result<SessionRecord>(std::move(record));
}

} // namespace Fabrikam::Vault
