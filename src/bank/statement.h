#pragma once

#include "bank/account.h"
#include "bank/money.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Fabrikam::Bank {

// One booking on an account, newest first in a Statement.
struct StatementLine
{
    QString id;
    QDateTime date; // UTC
    QString description;
    Money amount;       // signed: negative for money leaving the account
    Money balance;      // the running balance after this line, never negative
    QString transferId; // empty when the line is not a transfer (fees, salary, ...)
};

// GET /accounts/{id}/statements: the account as it is now and its lines. Needs MFA (RFC 9470).
struct Statement
{
    Account account;
    QList<StatementLine> lines;
};

} // namespace Fabrikam::Bank
