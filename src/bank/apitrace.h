#pragma once

#include "bank/apierror.h"
#include "bank/transfer.h"

#include <QString>
#include <QVariantMap>

namespace Fabrikam::Bank {

// The fields of the bank's events in a flow trace (`fabrikam-cli --trace`, the window's
// diagnostics timeline and support bundle), built in one place so that both tell a support person
// the same thing. Only what is safe to keep: the request line, the HTTP status, the error code and
// the challenge's parameters — never a token, an Idempotency-Key or an amount.

// "api.response": one bank request and how it ended. `error` null: it succeeded.
[[nodiscard]] QVariantMap apiResponseTrace(const QString& request, const ApiError* error);
// "transfer.completed": the bank's reference and whether it was a replay of an earlier success.
[[nodiscard]] QVariantMap transferCompletedTrace(const TransferReceipt& receipt);
// "transfer.failed": why, and whether the outcome is unknown (a retry reuses the key).
[[nodiscard]] QVariantMap transferFailedTrace(const ApiError& error);

} // namespace Fabrikam::Bank
