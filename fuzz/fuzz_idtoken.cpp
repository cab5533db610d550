// ID token validation (OIDC Core 3.1.3.7) with a fixed key set and fixed checks. The key set is
// public keys only; corpus/fuzz_idtoken/ holds a token signed with the RSA key, so mutations of
// it exercise everything up to the signature check (claims past it need a valid signature).
#include "fuzzsupport.h"
#include "idtokenfuzzing.h"

#include <QDateTime>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

namespace {

const Auth::JsonWebKeySet& keySet()
{
    static const Auth::JsonWebKeySet keys =
        Auth::JsonWebKeySet::parse(
            R"json({"keys":[{"kty":"RSA","kid":"fuzz-rsa","use":"sig","alg":"RS256","n":"x1A93PXEkcZUadFFx-6thHjzPJJmTFZ5SxAAgpneC3UwM3rRJFJqbNgV7i0ipqWKwt98pc45MpyzZwlB0TaZUR9b87QDu5a8e_XELfgqKma7RBga8Vfda3WVRGo6cfIxtnhW9U4YuddPY-LcNCWs4LLBKrJ4wM5U7bHoP_xy7My3bXAlGbDZu3dyD71IQqUI8MxF0LkxESUPTZ_iJdiIX2iSHMVg5KUyQazj6JMjorTTeyXcDOfFtxk4x6hfNw6Slg8MdPJn7Xh5yoKf9ftHJEbUWqsuWRMbhnTBtZNBCfe2qGB_hRigs3jzLwvxysbhcazU2hI5L-Jty5heR5rCxw","e":"AQAB"},{"kty":"EC","kid":"fuzz-ec","use":"sig","alg":"ES256","crv":"P-256","x":"cRjY7luQ1UEb3PhaAkwJifqHFkxx62ogb0eJnqFyvAc","y":"7M95zU5d1o0pcIbbkvgcTNpUtYHDm8EjaLfnJraVOFw"}]})json")
            .value();
    return keys;
}

} // namespace

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    (void)Fuzz::validateBothWays(Fuzz::bytes(data, size), keySet());
    return 0;
}
