// The Fabrikam API's JSON documents: every parser sees every input (they share the JSON layer
// and the money/date/id checks, so one corpus feeds all five).
#include "bank/parsers.h"
#include "fuzzsupport.h"

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json = Fuzz::bytes(data, size).toByteArray();
    (void)Bank::parseAccounts(json);
    (void)Bank::parseStatement(json);
    (void)Bank::parseTransfer(json);
    (void)Bank::parseTransfers(json);
    (void)Bank::parseProblem(json);
    return 0;
}
