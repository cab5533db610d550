#include "auth/pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace Fabrikam::Auth {

namespace {

constexpr qsizetype kVerifierOctets = 32;
constexpr qsizetype kMinVerifierLength = 43;
constexpr qsizetype kMaxVerifierLength = 128;

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~';
}

} // namespace

QByteArray base64UrlEncode(QByteArrayView bytes)
{
    return QByteArray(bytes.data(), bytes.size())
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

CodeVerifier CodeVerifier::generate()
{
    std::array<quint32, kVerifierOctets / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    auto verifier = fromOctets(QByteArrayView(reinterpret_cast<const char*>(words.data()),
                                              static_cast<qsizetype>(sizeof(words))));
    words.fill(0);
    return *verifier;
}

std::optional<CodeVerifier> CodeVerifier::fromOctets(QByteArrayView octets)
{
    if (octets.size() != kVerifierOctets) {
        return std::nullopt;
    }
    return CodeVerifier(base64UrlEncode(octets));
}

std::optional<CodeVerifier> CodeVerifier::fromString(QByteArrayView text)
{
    // RFC 7636 §4.1: code-verifier = 43*128unreserved
    if (text.size() < kMinVerifierLength || text.size() > kMaxVerifierLength
        || !std::all_of(text.begin(), text.end(), isUnreserved)) {
        return std::nullopt;
    }
    return CodeVerifier(text.toByteArray());
}

QByteArray CodeVerifier::challenge() const
{
    return base64UrlEncode(QCryptographicHash::hash(m_value, QCryptographicHash::Sha256));
}

} // namespace Fabrikam::Auth
