#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Fabrikam::Test {

// "No secret leaves memory" (DESIGN.md section 5): the exact secrets that passed through a flow,
// and a scan of files and captured output for them. Values are never printed: reports name the
// kind, the form and the place of a hit, and counts.
//
// Where the values come from: the sandbox started with --record-secrets FILE appends, for every
// token response, the code and PKCE verifier it received and the access, ID and refresh tokens it
// issued (sandbox/src/idp/index.js); the password comes from the sandbox's seed, and the one-time
// codes are computed from the seed's TOTP secret for every 30 s step of the run (a superset of the
// codes the scripted person typed).
enum class SecretKind
{
    AuthorizationCode,
    CodeVerifier,
    AccessToken,
    ElevatedAccessToken, // carries transfer:funds
    IdToken,
    RefreshToken,
    OneTimeCode,
    Password,
};
[[nodiscard]] QString kindName(SecretKind kind);
inline constexpr SecretKind kAllSecretKinds[] = {
    SecretKind::AuthorizationCode,   SecretKind::CodeVerifier, SecretKind::AccessToken,
    SecretKind::ElevatedAccessToken, SecretKind::IdToken,      SecretKind::RefreshToken,
    SecretKind::OneTimeCode,         SecretKind::Password};

class SecretList
{
public:
    struct Entry
    {
        SecretKind kind;
        QByteArray value;
    };

    // Ignores empty values and values already listed.
    void add(SecretKind kind, const QByteArray& value);
    // The lines of the sandbox's --record-secrets file for `sub`, from byte `offset` on (the
    // file's size when the test began). Returns the number of lines taken, or -1 when the file
    // cannot be read or a line is not JSON.
    int addRecorded(const QString& file, qint64 offset, const QString& sub);
    // The RFC 6238 codes (SHA-1, 6 digits, 30 s) of a base32 secret for every step from one
    // before `from` to one after `to`.
    void addOneTimeCodes(const QByteArray& base32Secret, const QDateTime& from,
                         const QDateTime& to);

    [[nodiscard]] const QList<Entry>& entries() const { return m_entries; }
    [[nodiscard]] qsizetype count(SecretKind kind) const;
    // In the order added (the sandbox's order of issue).
    [[nodiscard]] QList<QByteArray> values(SecretKind kind) const;
    // "authorization code 3, PKCE verifier 3, …": counts only.
    [[nodiscard]] QString summary() const;

private:
    QList<Entry> m_entries;
};

// The seed's password and TOTP secret of a demo user (sandbox/seed/users.json).
struct DemoUser
{
    QByteArray password;
    QByteArray totpSecret;
};
[[nodiscard]] std::optional<DemoUser> demoUser(const QString& usersJson, const QString& user);

// Everything secret that passed through a test's flow for `user`: what the sandbox recorded in
// `recordFile` from `offset` on (SecretList::addRecorded), the user's password from `usersJson`
// and the one-time codes of every 30 s step from `from` to `to`. Warns when the record is
// unreadable.
[[nodiscard]] SecretList recordedSecrets(const QString& recordFile, qint64 offset,
                                         const QString& user, const QString& usersJson,
                                         const QDateTime& from, const QDateTime& to);

// Looks for every secret of a list in files and buffers, in these forms: the whole value (as
// bytes and as UTF-16), for opaque values of 32+ characters also their first and last 16
// characters (a truncated secret is still a leak), for JWTs their signature and last 16
// characters, one-time codes only as a whole run of digits. A second net flags anything shaped
// like a JWT, whatever its value.
class SecretScan
{
public:
    struct Hit
    {
        QString where;
        SecretKind kind;
        QString form; // "whole", "first 16", "last 16", "JWT signature", "UTF-16", "JWT shape"
    };

    explicit SecretScan(const SecretList& secrets);

    // Every regular file under root, hidden ones included; symbolic links are not followed.
    void scanTree(const QString& root);
    void scanFile(const QString& path);
    void scanBytes(const QString& where, QByteArrayView data);

    [[nodiscard]] int files() const { return int(m_paths.size()); }
    // The files scanned, relative to the root given to scanTree() (names only, no content).
    [[nodiscard]] const QStringList& fileNames() const { return m_paths; }
    [[nodiscard]] int buffers() const { return m_buffers; }
    [[nodiscard]] qint64 bytes() const { return m_bytes; }
    [[nodiscard]] const QList<Hit>& hits() const { return m_hits; }
    [[nodiscard]] int jwtShapedHits() const;
    [[nodiscard]] qsizetype needles() const { return m_needles.size(); }
    // One line per hit ("<where>: <kind> (<form>)"), or "no hit"; never a value.
    [[nodiscard]] QString report() const;

private:
    void search(const QString& where, QByteArrayView data);

    struct Needle
    {
        SecretKind kind;
        QString form;
        QByteArray bytes;
        bool digitsOnly;
    };
    QList<Needle> m_needles;
    QList<Hit> m_hits;
    QStringList m_paths;
    QString m_root;
    int m_buffers = 0;
    qint64 m_bytes = 0;
};

// The Secret Service items (the keyring of the test session) that carry `service` as an
// attribute value (QtKeychain's libsecret schema), with their secrets; base64-encoded ones
// (QtKeychain's binary data) decoded. Empty optional and *error set when the keyring cannot be
// read.
struct KeychainItem
{
    QMap<QString, QString> attributes;
    QByteArray secret;
};
[[nodiscard]] std::optional<QList<KeychainItem>> keychainItems(const QString& service,
                                                               QString* error);

// What the app and the CLI keep between runs (DESIGN.md section 4): the record of `user` in
// `profile` holds the newest refresh token of `secrets`, and no entry under `service` holds any
// other recorded secret (access tokens, the elevated one least of all, ID tokens, codes,
// verifiers, one-time codes, the password). Returns why not, or an empty string; `figures` gets
// the counts for the test's output (never a value).
[[nodiscard]] QString keychainHoldsOnlyTheNewestRefreshToken(const SecretList& secrets,
                                                             const QString& service,
                                                             const QString& profile,
                                                             const QString& user, QString* figures);
// After sign-out: empty when no entry of `profile` is left under `service`, else what is wrong.
[[nodiscard]] QString profileLeftInKeychain(const QString& service, const QString& profile);

} // namespace Fabrikam::Test
