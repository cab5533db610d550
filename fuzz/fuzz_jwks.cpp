// JWK Set documents (RFC 7517 §5, RFC 7518 §6) and key selection by a JOSE header.
#include "auth/jwks.h"
#include "fuzzsupport.h"

#include <QJsonObject>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto set = Auth::JsonWebKeySet::parse(Fuzz::bytes(data, size));
    if (set.ok()) {
        // Selection walks every key that survived parsing (kid present and absent).
        (void)set.value().selectKey(QJsonObject{{u"alg"_s, u"RS256"_s}});
        (void)set.value().selectKey(QJsonObject{{u"alg"_s, u"ES256"_s}, {u"kid"_s, u"k1"_s}});
    }
    return 0;
}
