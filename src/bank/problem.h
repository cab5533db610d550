#pragma once

#include <QString>

#include <optional>

namespace Fabrikam::Bank {

// An RFC 9457 problem details object (application/problem+json). Every member is optional in the
// RFC; `code` (a stable machine-readable name such as "insufficient_funds") and `field` are the
// Fabrikam API's extension members.
struct Problem
{
    QString type;
    QString title;
    std::optional<int> status;
    QString detail; // a clear English sentence from the API: shown to the user as is
    QString code;
    QString field;
};

} // namespace Fabrikam::Bank
