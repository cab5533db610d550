#pragma once

#include "bank/money.h"

#include <QString>

namespace Fabrikam::Bank {

// One of the user's accounts as GET /accounts lists it. The number is masked by the API
// ("DE89 •••• •••• 3000"); the full number never reaches the client.
struct Account
{
    QString id;
    QString name;
    QString maskedNumber;
    Money balance; // never negative (the ledger refuses overdrafts)
};

} // namespace Fabrikam::Bank
