// OpenID Connect Discovery documents (Discovery 1.0 §3, §4.3) against a fixed issuer.
#include "auth/serviceconfiguration.h"
#include "fuzzsupport.h"

using namespace Fabrikam;
using namespace Qt::StringLiterals;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QString issuer = u"http://127.0.0.1:8700"_s;
    (void)Auth::ServiceConfiguration::fromDocument(Fuzz::bytes(data, size), issuer);
    return 0;
}
