#pragma once

#include "bank/account.h"
#include "bank/problem.h"
#include "bank/statement.h"
#include "bank/transfer.h"
#include "common/result.h"

#include <QByteArray>
#include <QList>

namespace Fabrikam::Bank {

// Bodies larger than this are refused unread (the API's largest answer, a long statement, is a few
// KiB). The client also aborts a download that passes it.
inline constexpr qsizetype kMaxResponseSize = 1024 * 1024;

// Parsers for the Fabrikam API's JSON documents (sandbox/README.md). Strict about what we rely on:
// the wrapping object ({accounts:[…]}, {transfers:[…]}, {account, lines}), every required member
// with its JSON type, amounts as decimal strings (a JSON number is refused: it may already have
// been rounded through a double), supported ISO 4217 currencies, no negative amount where the
// ledger cannot have one, ids usable in a URL path, ISO 8601 dates, bounded string lengths.
// Unknown members are ignored (the API may grow). Every refusal is InvalidResponse with a detail
// naming the member ("accounts[1].balance: a JSON number; expected a decimal string").
[[nodiscard]] Common::Result<QList<Account>> parseAccounts(const QByteArray& json);
[[nodiscard]] Common::Result<Statement> parseStatement(const QByteArray& json);
[[nodiscard]] Common::Result<Transfer> parseTransfer(const QByteArray& json);
[[nodiscard]] Common::Result<QList<Transfer>> parseTransfers(const QByteArray& json);
// RFC 9457: every member optional, but typed when present ("status" an integer, the rest strings).
[[nodiscard]] Common::Result<Problem> parseProblem(const QByteArray& json);

} // namespace Fabrikam::Bank
