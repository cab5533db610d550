// Token endpoint answers (RFC 6749 §5.1, §5.2). The first byte picks the HTTP status so that
// success, OAuth error and server-error paths are all reached, and the grant the answer is for.
#include "auth/errors.h"
#include "auth/tokenresponse.h"
#include "fuzzsupport.h"

#include <iterator>

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    static constexpr int kStatuses[] = {200, 400, 401, 500, 503, 302, 0, 201};
    const int status = kStatuses[data[0] % std::size(kStatuses)];
    const auto grant = (data[0] / std::size(kStatuses)) % 2 ? Auth::TokenGrant::RefreshToken
                                                            : Auth::TokenGrant::AuthorizationCode;
    const auto response = Auth::parseTokenResponse(status, Fuzz::bytes(data + 1, size - 1), grant);
    // Only a refresh's answer can end the session.
    if (!response.ok() && response.error().code == Auth::Errc::SessionExpired &&
        grant != Auth::TokenGrant::RefreshToken) {
        __builtin_trap();
    }
    return 0;
}
