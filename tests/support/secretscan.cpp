#include "support/secretscan.h"

#include "vault/tokenvault.h"

#include <QByteArrayMatcher>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Fabrikam::Test {

namespace {

constexpr qsizetype kPartLength = 16;
constexpr qint64 kTotpStepSeconds = 30;

bool isJwt(const QByteArray& value)
{
    return value.startsWith("eyJ") && value.count('.') == 2;
}

QByteArray jwtPayload(const QByteArray& jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    return parts.size() == 3
               ? QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding |
                                                         QByteArray::OmitTrailingEquals)
               : QByteArray();
}

bool grantsTransfer(const QJsonObject& line, const QByteArray& accessToken)
{
    const auto hasScope = [](const QString& scopes) {
        return scopes.split(u' ', Qt::SkipEmptyParts).contains(u"transfer:funds"_s);
    };
    if (hasScope(line.value(u"scope"_s).toString())) {
        return true;
    }
    const QJsonObject claims = QJsonDocument::fromJson(jwtPayload(accessToken)).object();
    return hasScope(claims.value(u"scope"_s).toString());
}

QByteArray base32Decode(QByteArrayView text)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const char upper = c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
        const char* at = std::char_traits<char>::find(kAlphabet, 32, upper);
        if (!at) {
            continue; // padding, spaces
        }
        buffer = (buffer << 5) | quint32(at - kAlphabet);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((buffer >> bits) & 0xff));
        }
    }
    return out;
}

// RFC 6238 with RFC 4226 section 5.3's dynamic truncation.
QByteArray totp(const QByteArray& key, qint64 step)
{
    QByteArray counter(8, '\0');
    qToBigEndian(quint64(step), counter.data());
    const QByteArray mac = QMessageAuthenticationCode::hash(counter, key, QCryptographicHash::Sha1);
    const int offset = mac.at(mac.size() - 1) & 0x0f;
    const quint32 binary =
        (quint32(uchar(mac.at(offset)) & 0x7f) << 24) | (quint32(uchar(mac.at(offset + 1))) << 16) |
        (quint32(uchar(mac.at(offset + 2))) << 8) | quint32(uchar(mac.at(offset + 3)));
    return QByteArray::number(binary % 1000000).rightJustified(6, '0');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

QString kindName(SecretKind kind)
{
    switch (kind) {
    case SecretKind::AuthorizationCode:
        return u"authorization code"_s;
    case SecretKind::CodeVerifier:
        return u"PKCE verifier"_s;
    case SecretKind::AccessToken:
        return u"access token"_s;
    case SecretKind::ElevatedAccessToken:
        return u"elevated access token"_s;
    case SecretKind::IdToken:
        return u"ID token"_s;
    case SecretKind::RefreshToken:
        return u"refresh token"_s;
    case SecretKind::OneTimeCode:
        return u"one-time code"_s;
    case SecretKind::Password:
        return u"password"_s;
    }
    return u"secret"_s;
}

void SecretList::add(SecretKind kind, const QByteArray& value)
{
    if (value.isEmpty() || std::any_of(m_entries.cbegin(), m_entries.cend(),
                                       [&](const Entry& e) { return e.value == value; })) {
        return;
    }
    m_entries.append({kind, value});
}

int SecretList::addRecorded(const QString& file, qint64 offset, const QString& sub)
{
    QFile recorded(file);
    if (!recorded.open(QIODevice::ReadOnly) || !recorded.seek(offset)) {
        return -1;
    }
    int taken = 0;
    for (const QByteArray& raw : recorded.readAll().split('\n')) {
        if (raw.trimmed().isEmpty()) {
            continue;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(raw);
        if (!doc.isObject()) {
            return -1;
        }
        const QJsonObject line = doc.object();
        if (line.value(u"sub"_s).toString() != sub) {
            continue;
        }
        const auto value = [&](const char* key) {
            return line.value(QLatin1String(key)).toString().toUtf8();
        };
        add(SecretKind::AuthorizationCode, value("code"));
        add(SecretKind::CodeVerifier, value("code_verifier"));
        add(SecretKind::RefreshToken, value("presented_refresh_token"));
        const QByteArray accessToken = value("access_token");
        add(grantsTransfer(line, accessToken) ? SecretKind::ElevatedAccessToken
                                              : SecretKind::AccessToken,
            accessToken);
        add(SecretKind::IdToken, value("id_token"));
        add(SecretKind::RefreshToken, value("refresh_token"));
        ++taken;
    }
    return taken;
}

void SecretList::addOneTimeCodes(const QByteArray& base32Secret, const QDateTime& from,
                                 const QDateTime& to)
{
    const QByteArray key = base32Decode(base32Secret);
    const qint64 first = from.toSecsSinceEpoch() / kTotpStepSeconds - 1;
    const qint64 last = to.toSecsSinceEpoch() / kTotpStepSeconds + 1;
    for (qint64 step = first; step <= last; ++step) {
        add(SecretKind::OneTimeCode, totp(key, step));
    }
}

qsizetype SecretList::count(SecretKind kind) const
{
    return std::count_if(m_entries.cbegin(), m_entries.cend(),
                         [kind](const Entry& e) { return e.kind == kind; });
}

QList<QByteArray> SecretList::values(SecretKind kind) const
{
    QList<QByteArray> out;
    for (const Entry& e : m_entries) {
        if (e.kind == kind) {
            out.append(e.value);
        }
    }
    return out;
}

QString SecretList::summary() const
{
    QStringList parts;
    for (const SecretKind kind : kAllSecretKinds) {
        parts.append(u"%1 %2"_s.arg(kindName(kind)).arg(count(kind)));
    }
    return parts.join(u", "_s);
}

std::optional<DemoUser> demoUser(const QString& usersJson, const QString& user)
{
    QFile file(usersJson);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    const QJsonObject entry =
        QJsonDocument::fromJson(file.readAll()).object().value(user).toObject();
    if (entry.isEmpty()) {
        return std::nullopt;
    }
    return DemoUser{entry.value(u"password"_s).toString().toUtf8(),
                    entry.value(u"totpSecret"_s).toString().toUtf8()};
}

SecretScan::SecretScan(const SecretList& secrets)
{
    for (const SecretList::Entry& e : secrets.entries()) {
        const bool digits = std::all_of(e.value.cbegin(), e.value.cend(), isDigit);
        m_needles.append({e.kind, u"whole"_s, e.value, digits});
        if (digits || e.kind == SecretKind::Password) {
            continue;
        }
        const QString text = QString::fromUtf8(e.value);
        m_needles.append({e.kind, u"UTF-16"_s,
                          QByteArray(reinterpret_cast<const char*>(text.utf16()),
                                     text.size() * qsizetype(sizeof(char16_t))),
                          false});
        if (isJwt(e.value)) {
            m_needles.append({e.kind, u"JWT signature"_s, e.value.split('.').at(2), false});
        } else if (e.value.size() >= 2 * kPartLength) {
            m_needles.append({e.kind, u"first 16"_s, e.value.first(kPartLength), false});
        }
        if (e.value.size() >= 2 * kPartLength) {
            m_needles.append({e.kind, u"last 16"_s, e.value.last(kPartLength), false});
        }
    }
}

void SecretScan::scanTree(const QString& root)
{
    m_root = root;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        scanFile(it.next());
    }
}

void SecretScan::scanFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_hits.append({path, SecretKind::Password, u"unreadable file"_s}); // cannot vouch for it
        return;
    }
    m_paths.append(m_root.isEmpty() ? path : QDir(m_root).relativeFilePath(path));
    search(path, file.readAll());
}

void SecretScan::scanBytes(const QString& where, QByteArrayView data)
{
    ++m_buffers;
    search(where, data);
}

void SecretScan::search(const QString& where, QByteArrayView data)
{
    m_bytes += data.size();
    for (const Needle& needle : m_needles) {
        const QByteArrayMatcher matcher(needle.bytes);
        for (qsizetype at = matcher.indexIn(data); at >= 0; at = matcher.indexIn(data, at + 1)) {
            const qsizetype end = at + needle.bytes.size();
            if (needle.digitsOnly && ((at > 0 && isDigit(data.at(at - 1))) ||
                                      (end < data.size() && isDigit(data.at(end))))) {
                continue; // a longer number that merely contains the code
            }
            m_hits.append({where, needle.kind, needle.form});
            break;
        }
    }
    static const QRegularExpression jwtShape(
        uR"(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.)"_s);
    if (jwtShape.match(QString::fromLatin1(data)).hasMatch()) {
        m_hits.append({where, SecretKind::AccessToken, u"JWT shape"_s});
    }
}

int SecretScan::jwtShapedHits() const
{
    return int(std::count_if(m_hits.cbegin(), m_hits.cend(),
                             [](const Hit& h) { return h.form == u"JWT shape"_s; }));
}

QString SecretScan::report() const
{
    if (m_hits.isEmpty()) {
        return u"no hit"_s;
    }
    QStringList lines;
    for (const Hit& h : m_hits) {
        if (h.form == u"unreadable file"_s) {
            lines.append(u"%1: cannot be read, so cannot be vouched for"_s.arg(h.where));
            continue;
        }
        lines.append(h.form == u"JWT shape"_s
                         ? u"%1: something shaped like a JWT"_s.arg(h.where)
                         : u"%1: %2 (%3)"_s.arg(h.where, kindName(h.kind), h.form));
    }
    return lines.join(u'\n');
}

std::optional<QList<KeychainItem>> keychainItems(const QString& service, QString* error)
{
    using Attributes = QMap<QString, QString>;
    qDBusRegisterMetaType<Attributes>();
    const QString bus = u"org.freedesktop.secrets"_s;
    QDBusConnection session = QDBusConnection::sessionBus();
    // Plain method calls, not QDBusInterface: that one introspects each object and caches the
    // meta-objects it builds for the life of the connection (LeakSanitizer reports them at exit).
    const auto call = [&](const QString& path, const QString& interface, const QString& method,
                          const QVariantList& arguments) {
        QDBusMessage message = QDBusMessage::createMethodCall(bus, path, interface, method);
        message.setArguments(arguments);
        return session.call(message);
    };
    const QString secretService = u"org.freedesktop.Secret.Service"_s;
    const QString root = u"/org/freedesktop/secrets"_s;
    const auto failed = [error](const QDBusMessage& reply, const QString& step) {
        if (reply.type() != QDBusMessage::ErrorMessage) {
            return false;
        }
        *error = step + u": "_s + reply.errorName() + u" "_s + reply.errorMessage();
        return true;
    };
    const QDBusMessage opened = call(root, secretService, u"OpenSession"_s,
                                     {u"plain"_s, QVariant::fromValue(QDBusVariant(QString()))});
    if (failed(opened, u"OpenSession"_s) || opened.arguments().size() != 2) {
        return std::nullopt;
    }
    const QDBusObjectPath sessionPath = opened.arguments().at(1).value<QDBusObjectPath>();
    // Every item, whatever its schema: an entry written under other attributes is found too.
    const QDBusMessage found =
        call(root, secretService, u"SearchItems"_s, {QVariant::fromValue(Attributes{})});
    if (failed(found, u"SearchItems"_s) || found.arguments().size() != 2) {
        return std::nullopt;
    }
    const auto paths = [](const QVariant& v) {
        return qdbus_cast<QList<QDBusObjectPath>>(v.value<QDBusArgument>());
    };
    if (!paths(found.arguments().at(1)).isEmpty()) {
        *error = u"the keyring has locked items"_s;
        return std::nullopt;
    }
    QList<KeychainItem> items;
    for (const QDBusObjectPath& path : paths(found.arguments().at(0))) {
        const QDBusMessage attributes =
            call(path.path(), u"org.freedesktop.DBus.Properties"_s, u"Get"_s,
                 {u"org.freedesktop.Secret.Item"_s, u"Attributes"_s});
        if (failed(attributes, u"Attributes"_s)) {
            return std::nullopt;
        }
        KeychainItem item;
        item.attributes = qdbus_cast<Attributes>(
            attributes.arguments().at(0).value<QDBusVariant>().variant().value<QDBusArgument>());
        if (!item.attributes.values().contains(service)) {
            continue;
        }
        const QDBusMessage secret = call(path.path(), u"org.freedesktop.Secret.Item"_s,
                                         u"GetSecret"_s, {QVariant::fromValue(sessionPath)});
        if (failed(secret, u"GetSecret"_s) || secret.arguments().isEmpty()) {
            return std::nullopt;
        }
        // (o session, ay parameters, ay value, s content_type): the Secret Service's Secret.
        const QDBusArgument argument = secret.arguments().at(0).value<QDBusArgument>();
        QDBusObjectPath ignoredSession;
        QByteArray parameters;
        QString contentType;
        argument.beginStructure();
        argument >> ignoredSession >> parameters >> item.secret >> contentType;
        argument.endStructure();
        if (item.attributes.value(u"type"_s) == u"base64"_s) {
            item.secret = QByteArray::fromBase64(item.secret);
        }
        items.append(item);
    }
    return items;
}

SecretList recordedSecrets(const QString& recordFile, qint64 offset, const QString& user,
                           const QString& usersJson, const QDateTime& from, const QDateTime& to)
{
    SecretList secrets;
    if (secrets.addRecorded(recordFile, offset, user) < 0) {
        qWarning("the sandbox's record of secrets cannot be read");
    }
    if (const std::optional<DemoUser> demo = demoUser(usersJson, user)) {
        secrets.add(SecretKind::Password, demo->password);
        secrets.addOneTimeCodes(demo->totpSecret, from, to);
    }
    return secrets;
}

QString keychainHoldsOnlyTheNewestRefreshToken(const SecretList& secrets, const QString& service,
                                               const QString& profile, const QString& user,
                                               QString* figures)
{
    if (secrets.count(SecretKind::ElevatedAccessToken) < 1 ||
        secrets.count(SecretKind::RefreshToken) < 1) {
        return u"the recording lacks an elevated access token or a refresh token: "_s +
               secrets.summary();
    }
    QString error;
    const auto items = keychainItems(service, &error);
    if (!items) {
        return error;
    }
    const QString recordKey = Vault::TokenVault::recordKey(profile, user);
    const auto record = std::find_if(items->cbegin(), items->cend(), [&](const KeychainItem& i) {
        return i.attributes.values().contains(recordKey);
    });
    if (record == items->cend()) {
        return u"no keychain entry for the profile's user"_s;
    }
    const QJsonObject stored = QJsonDocument::fromJson(record->secret).object();
    if (stored.isEmpty()) {
        return u"the keychain entry is not the JSON session record"_s;
    }
    // The newest refresh token issued to the base session (each refresh rotates it).
    if (stored.value(u"refresh_token"_s).toString().toUtf8() !=
        secrets.values(SecretKind::RefreshToken).last()) {
        return u"the keychain record does not hold the newest refresh token"_s;
    }
    SecretList forbidden;
    for (const SecretList::Entry& e : secrets.entries()) {
        if (e.kind != SecretKind::RefreshToken) {
            forbidden.add(e.kind, e.value);
        }
    }
    SecretScan scan(forbidden);
    for (const KeychainItem& item : *items) {
        scan.scanBytes(u"keychain entry %1"_s.arg(item.attributes.value(u"user"_s)), item.secret);
    }
    if (!scan.hits().isEmpty()) {
        return scan.report();
    }
    if (figures) {
        *figures = u"%1 entries under %2, the record holds the newest of %3 refresh tokens and "
                   "none of %4 access, %5 elevated access and %6 ID tokens"_s.arg(items->size())
                       .arg(service)
                       .arg(secrets.count(SecretKind::RefreshToken))
                       .arg(secrets.count(SecretKind::AccessToken))
                       .arg(secrets.count(SecretKind::ElevatedAccessToken))
                       .arg(secrets.count(SecretKind::IdToken));
    }
    return {};
}

QString profileLeftInKeychain(const QString& service, const QString& profile)
{
    QString error;
    const auto items = keychainItems(service, &error);
    if (!items) {
        return error;
    }
    const QString prefix = u"profile/"_s + profile + u'/';
    for (const KeychainItem& item : *items) {
        if (std::any_of(item.attributes.cbegin(), item.attributes.cend(),
                        [&](const QString& v) { return v.startsWith(prefix); })) {
            return u"an entry of the profile is still in the keychain"_s;
        }
    }
    return {};
}

} // namespace Fabrikam::Test
