// Token endpoint answers (RFC 6749 §5.1, §5.2). The first byte picks the HTTP status so that
// success, OAuth error and server-error paths are all reached.
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
    const auto response = Auth::parseTokenResponse(status, Fuzz::bytes(data + 1, size - 1));
    if (!response.ok()) {
        (void)Auth::oauthErrorCode(response.error());
    }
    return 0;
}
