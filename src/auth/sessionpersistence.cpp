#include "auth/sessionpersistence.h"

#include "common/async.h"

namespace Fabrikam::Auth {

void SessionPersistence::lockForRefresh(const QString& /*issuer*/, const QString& /*clientId*/,
                                        const QString& /*subject*/, QObject* context,
                                        Completion<std::shared_ptr<void>> done)
{
    Common::deliverLater(context, std::move(done),
                         Common::Result<std::shared_ptr<void>>(std::shared_ptr<void>()));
}

void SessionPersistence::load(QObject* context, Completion<std::optional<PersistedSession>> done)
{
    Common::deliverLater(context, std::move(done),
                         Common::Result<std::optional<PersistedSession>>(std::nullopt));
}

void SessionPersistence::keepForRevocation(const PersistedSession& /*token*/, QObject* context,
                                           Completion<bool> done)
{
    Common::deliverLater(context, std::move(done), Common::Result<bool>(false));
}

void SessionPersistence::unrevoked(QObject* context, Completion<QList<PersistedSession>> done)
{
    Common::deliverLater(context, std::move(done),
                         Common::Result<QList<PersistedSession>>(QList<PersistedSession>{}));
}

void SessionPersistence::revoked(const QByteArray& /*refreshToken*/, QObject* context,
                                 Completion<bool> done)
{
    Common::deliverLater(context, std::move(done), Common::Result<bool>(true));
}

} // namespace Fabrikam::Auth
