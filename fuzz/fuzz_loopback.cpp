// The loopback receiver's request head (RFC 9112 §3, §5), the bytes any local process can send
// to our redirect port. The input is framed as LoopbackReceiver::readFrom() frames it: up to the
// first CRLF CRLF, the final CRLF left off. A head that parses has its query judged as a callback
// (evaluateCallback: state, repeated parameters, RFC 9207 iss, error=, code)
// for a flow awaiting a fixed state, with the iss check required and optional.
#include "auth/loopback/callback.h"
#include "auth/loopback/httprequest.h"
#include "fuzzsupport.h"

using namespace Fabrikam;

namespace {

using Verdict = Auth::CallbackVerdict;

void judgeCallback(QByteArrayView query)
{
    static const QByteArray state = "st-0123456789abcdef0123456789abcdef";
    static const QByteArray otherState = "st-fedcba9876543210fedcba9876543210";
    for (const bool required : {true, false}) {
        const Auth::IssuerCheck issuer{QStringLiteral("http://127.0.0.1:8700"), required};
        const Verdict verdict = Auth::evaluateCallback(query, state, issuer);
        if (verdict.kind == Verdict::Kind::Succeeded) {
            // Properties: only the awaited state gets this far, with a code, each name once.
            const Auth::AuthorizationResponse& r = verdict.response;
            if (r.state != state || r.code.isEmpty()) {
                __builtin_trap();
            }
            for (qsizetype i = 0; i < r.parameters.size(); ++i) {
                for (qsizetype j = i + 1; j < r.parameters.size(); ++j) {
                    if (r.parameters[i].first == r.parameters[j].first) {
                        __builtin_trap();
                    }
                }
            }
            if (required && r.iss != issuer.issuer) {
                __builtin_trap();
            }
        }
        // The same query awaited with another state is never anyone's response.
        if (verdict.kind != Verdict::Kind::NotOurs &&
            Auth::evaluateCallback(query, otherState, issuer).kind != Verdict::Kind::NotOurs) {
            __builtin_trap();
        }
    }
}

} // namespace

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
            // The Host the receiver compares: one field's value, no line break, trimmed.
            if (h.host.contains('\r') || h.host.contains('\n') || h.host.startsWith(' ') ||
                h.host.endsWith(' ')) {
                __builtin_trap();
            }
            judgeCallback(h.query);
        }
    }
    return 0;
}
