// The loopback receiver's request head (RFC 9112 §3, §5), the bytes any local process can send
// to our redirect port. The input is framed as LoopbackReceiver::readFrom() frames it: up to the
// first CRLF CRLF, the final CRLF left off.
#include "auth/loopbackreceiver.h"
#include "fuzzsupport.h"

using namespace Fabrikam;

FABRIKAM_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QByteArrayView input = Fuzz::bytes(data, size);
    const qsizetype headEnd = input.indexOf("\r\n\r\n");
    // Unframed input too: the function must hold on its own, whatever its caller checked.
    (void)Auth::parseRequestHead(input);
    if (headEnd >= 0) {
        const auto head = Auth::parseRequestHead(input.first(headEnd + 2));
        if (head.ok()) {
            const Auth::RequestHead& h = head.value();
            // Origin-form (RFC 9112 §3.2.1): the path starts with '/' and ends before any '?'.
            if (!h.path.startsWith('/') || h.path.contains('?') || h.method.isEmpty()) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
