#pragma once

// The product's sentences about a provider it refuses, by the fragment that tells them apart.
// The CLI and the window say the same words (src/auth), so their tests look for the same ones.
namespace Fabrikam::Test::Words {

constexpr auto kRejected = "failed a security check";
constexpr auto kClock = "expired or is not valid yet";
constexpr auto kRefusedAlg = "in a way that Fabrikam does not accept";
constexpr auto kBadSignature = "signature could not be verified";
constexpr auto kNoKey = "with a key the identity provider does not publish";
constexpr auto kMisconfigured = "not set up the way Fabrikam expects";
constexpr auto kInsecure = "not secure (https)";
constexpr auto kUnusable = "sent an answer Fabrikam cannot use";
constexpr auto kUnreadable = "could not be read";
constexpr auto kKeys = "signing keys could not be used";

} // namespace Fabrikam::Test::Words
