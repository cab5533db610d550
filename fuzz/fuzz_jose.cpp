// JOSE compact serialization (RFC 7515 §5.2, RFC 7519 §7.2) and strict base64url (RFC 7515 §2).
#include "auth/jose.h"
#include "fuzzsupport.h"

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView input = Fuzz::bytes(data, size);
    (void)Auth::base64UrlDecode(input);
    const auto jws = Auth::parseCompactJws(input);
    if (jws.ok()) {
        (void)Auth::jwsAlgorithmFromName(jws.value().algorithm());
    }
    return 0;
}
