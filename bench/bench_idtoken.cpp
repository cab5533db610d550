// ID-token validation against its physical floor, the RS256 signature check alone. Measured, never
// asserted: scripts/bench runs this binary with repetitions and reports the median and the ratio
// validateIdToken / raw verify (bench/report.py). Keys and tokens are made at run time.
#include "auth/idtokenvalidator.h"
#include "auth/jose.h"
#include "auth/jwks.h"
#include "support/testkeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <openssl/err.h>
#include <openssl/evp.h>

#include <benchmark/benchmark.h>
#include <memory>

using namespace Fabrikam::Auth;
using Fabrikam::Test::TestKey;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNow = 1'800'000'000;

// Everything the loops share, built once per process: two RSA-2048 keys in one JWK Set, and an
// ID token shaped like the sandbox's (seed flow, password sign-in) signed with the second key, so
// the validator's kid lookup passes over a non-matching key first.
struct Fixture
{
    QByteArray jwksJson;
    JsonWebKeySet jwks;
    QByteArray token;
    IdTokenChecks checks;
    QDateTime now;
    CompactJws jws;          // the token, split and decoded, for the raw verify
    EVP_PKEY* key = nullptr; // the public key as the validator sees it (owned by jwks)

    static const Fixture& instance()
    {
        static const Fixture fixture;
        return fixture;
    }

private:
    Fixture()
    {
        const TestKey first = TestKey::rsa(2048);
        const TestKey second = TestKey::rsa(2048);
        const QJsonArray keys{first.publicJwk(u"key-2024"_s, u"RS256"_s),
                              second.publicJwk(u"key-2025"_s, u"RS256"_s)};
        jwksJson = QJsonDocument(QJsonObject{{u"keys"_s, keys}}).toJson(QJsonDocument::Compact);
        jwks = JsonWebKeySet::parse(jwksJson).value();

        checks.issuer = u"http://127.0.0.1:8700"_s;
        checks.clientId = u"fabrikam-desktop"_s;
        checks.nonce = QByteArrayLiteral("bM2u0qKX7yQn5hYwq3Zr8A");
        now = QDateTime::fromSecsSinceEpoch(kNow, QTimeZone::utc());
        const QJsonObject header{
            {u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"key-2025"_s}};
        const QJsonObject claims{
            {u"iss"_s, checks.issuer},
            {u"sub"_s, u"dave"_s},
            {u"aud"_s, checks.clientId},
            {u"exp"_s, kNow + 3600},
            {u"iat"_s, kNow - 2},
            {u"auth_time"_s, kNow - 5},
            {u"nonce"_s, QString::fromLatin1(checks.nonce)},
            {u"acr"_s, u"urn:fabrikam:acr:password"_s},
            {u"amr"_s, QJsonArray{u"pwd"_s}},
            {u"sid"_s, u"b1f0c7e2-3d4a-4f5e-9a8b-7c6d5e4f3a2b"_s},
            {u"at_hash"_s, u"x7Qf0lVnq2k8Zr1yH3jW5g"_s},
            {u"name"_s, u"Dave Demo"_s},
            {u"email"_s, u"dave@fabrikam.example"_s},
        };
        token = Fabrikam::Test::makeJws(header, claims, second);
        jws = parseCompactJws(token).value();
        key = jwks.selectKey(jws.header).value().evpKey();
    }
};

// (a) The whole OIDC Core 3.1.3.7 check with a warm JWKS: parse, kid lookup, verify, claims.
void BM_ValidateIdToken(benchmark::State& state)
{
    const Fixture& f = Fixture::instance();
    if (!validateIdToken(f.token, f.checks, f.jwks, f.now).ok()) {
        state.SkipWithError("the fixture token does not validate");
        return;
    }
    for (auto _ : state) {
        auto result = validateIdToken(f.token, f.checks, f.jwks, f.now);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_ValidateIdToken);

// (b) The floor: OpenSSL's RS256 verify of the same signing input, signature and key, with a new
// EVP_MD_CTX per verify as verifySignature does (STACK.md section 6).
void BM_RawRs256Verify(benchmark::State& state)
{
    const Fixture& f = Fixture::instance();
    const auto* input = reinterpret_cast<const unsigned char*>(f.jws.signingInput.constData());
    const auto inputSize = static_cast<size_t>(f.jws.signingInput.size());
    const auto* signature = reinterpret_cast<const unsigned char*>(f.jws.signature.constData());
    const auto signatureSize = static_cast<size_t>(f.jws.signature.size());
    for (auto _ : state) {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
        int verified = 0;
        if (ctx && EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, f.key,
                                           nullptr) == 1) {
            verified = EVP_DigestVerify(ctx.get(), signature, signatureSize, input, inputSize);
        }
        if (verified != 1) {
            ERR_clear_error();
            state.SkipWithError("EVP_DigestVerify failed");
            break;
        }
        benchmark::DoNotOptimize(verified);
    }
}
BENCHMARK(BM_RawRs256Verify);

// (c) A cold JWKS: parsing the provider's 2-key set (base64url, RSA key import).
void BM_JwksParse(benchmark::State& state)
{
    const Fixture& f = Fixture::instance();
    for (auto _ : state) {
        auto set = JsonWebKeySet::parse(f.jwksJson);
        benchmark::DoNotOptimize(set);
    }
}
BENCHMARK(BM_JwksParse);

// (d) The JOSE parse alone: split, strict base64url, header and payload JSON.
void BM_ParseCompactJws(benchmark::State& state)
{
    const Fixture& f = Fixture::instance();
    for (auto _ : state) {
        auto jws = parseCompactJws(f.token);
        benchmark::DoNotOptimize(jws);
    }
}
BENCHMARK(BM_ParseCompactJws);

} // namespace

BENCHMARK_MAIN();
