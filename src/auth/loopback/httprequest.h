#pragma once

// HTTP/1.x request framing (RFC 9112) for the loopback receiver, and no OAuth: the bytes any local
// process can send to the redirect port are judged here, by pure functions that can be fuzzed.

#include "common/result.h"

#include <QByteArrayView>

namespace Fabrikam::Auth {

// The parts of an HTTP/1.x request head that the loopback receiver acts on. Views into the
// buffer given to parseRequestHead(); valid as long as it is.
struct RequestHead
{
    QByteArrayView method;
    QByteArrayView path;  // exactly as sent, not percent-decoded
    QByteArrayView query; // after the first '?', empty when there is none
    QByteArrayView host;  // the one Host field's value without its whitespace; empty when absent
};

// Visible ASCII and SP only: what a request line may hold (RFC 9112 §3, request-target §3.2).
// The receiver checks the line with it as bytes arrive, to refuse garbage early.
[[nodiscard]] bool isRequestLineText(QByteArrayView text);

// Parses a request head as LoopbackReceiver receives it: the request line and the header fields,
// each ending in CRLF, without the final empty line. Request line of visible ASCII and single SPs,
// HTTP/1.0 or HTTP/1.1 (RFC 9112 §3), origin-form target (RFC 9112 §3.2.1), well-formed header
// fields without obs-fold (RFC 9112 §5), at most one Host field (RFC 9112 §3.2). A pure
// function, so that it can be fuzzed on its own (fuzz/fuzz_loopback.cpp); CallbackInvalid for
// anything else (the receiver answers 400).
[[nodiscard]] Common::Result<RequestHead> parseRequestHead(QByteArrayView head);

} // namespace Fabrikam::Auth
