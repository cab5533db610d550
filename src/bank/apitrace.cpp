#include "bank/apitrace.h"

namespace Fabrikam::Bank {

using namespace Qt::StringLiterals;

QVariantMap apiResponseTrace(const QString& request, const ApiError* error)
{
    QVariantMap fields{{u"request"_s, request}, {u"ok"_s, error == nullptr}};
    if (error) {
        fields.insert(u"status"_s, error->httpStatus);
        fields.insert(u"error"_s, Common::errorCodeName(error->code));
        if (error->challenge) {
            fields.insert(u"challenge"_s, error->challenge->error);
            fields.insert(u"challenge_max_age"_s, error->challenge->maxAge
                                                      ? QVariant(*error->challenge->maxAge)
                                                      : QVariant());
            fields.insert(u"challenge_scope"_s, error->challenge->scope.join(u' '));
            fields.insert(u"challenge_acr_values"_s, error->challenge->acrValues.join(u' '));
        }
    }
    return fields;
}

QVariantMap transferCompletedTrace(const TransferReceipt& receipt)
{
    return {{u"id"_s, receipt.transfer.id},
            {u"replayed"_s, receipt.replayed},
            {u"sent_again"_s, receipt.sentAgain}};
}

QVariantMap transferFailedTrace(const ApiError& error)
{
    return {{u"error"_s, Common::errorCodeName(error.code)},
            {u"status"_s, error.httpStatus},
            {u"outcome_unknown"_s, error.outcomeUnknown}};
}

} // namespace Fabrikam::Bank
