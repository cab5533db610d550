#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Fabrikam::Auth {

// Proof Key for Code Exchange (RFC 7636) with the S256 method only: "plain" would send the secret
// itself in the front channel, so we never offer it (RFC 7636 §4.2, §7.2).
//
// The verifier is a secret until the code exchange; the class deliberately has no operator<< and
// no QDebug support, so it cannot be logged by accident.
class CodeVerifier
{
public:
    // 32 octets from the operating system's CSPRNG, base64url-encoded: 43 characters, 256 bits
    // (RFC 7636 §4.1 recommends exactly this).
    [[nodiscard]] static CodeVerifier generate();

    // The encoding step of generate(), exposed so that RFC 7636 appendix B can be checked.
    // Returns nothing unless exactly 32 octets are given.
    [[nodiscard]] static std::optional<CodeVerifier> fromOctets(QByteArrayView octets);

    // A verifier received from elsewhere: 43..128 characters of [A-Z a-z 0-9 - . _ ~]
    // (RFC 7636 §4.1, "unreserved"). Anything else yields nothing.
    [[nodiscard]] static std::optional<CodeVerifier> fromString(QByteArrayView text);

    // The code_verifier parameter for the token request.
    [[nodiscard]] const QByteArray& value() const { return m_value; }

    // code_challenge = BASE64URL(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2).
    [[nodiscard]] QByteArray challenge() const;

    // The code_challenge_method parameter.
    [[nodiscard]] static QByteArray method() { return QByteArrayLiteral("S256"); }

    friend bool operator==(const CodeVerifier&, const CodeVerifier&) = default;

private:
    explicit CodeVerifier(QByteArray value)
        : m_value(std::move(value))
    {
    }

    QByteArray m_value;
};

// BASE64URL without padding (RFC 7636 appendix A, RFC 7515 §2).
[[nodiscard]] QByteArray base64UrlEncode(QByteArrayView bytes);

} // namespace Fabrikam::Auth
