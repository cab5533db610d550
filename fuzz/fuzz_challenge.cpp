// WWW-Authenticate (RFC 9110 §11.6.1) and the Bearer challenge (RFC 6750 §3, RFC 9470 §3).
#include "auth/challenge.h"
#include "fuzzsupport.h"

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView field = Fuzz::bytes(data, size);
    const auto challenges = Auth::parseWwwAuthenticate(field);
    const auto bearer = Auth::parseBearerChallenge(field);
    // The two entry points must agree: a field the generic parser refuses has no Bearer challenge.
    if (!challenges.ok() && bearer.ok()) {
        __builtin_trap();
    }
    if (challenges.ok()) {
        (void)Auth::bearerChallenge(challenges.value());
    }
    return 0;
}
