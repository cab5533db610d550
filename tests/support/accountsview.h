#pragma once

#include "app/accountsmodel.h"

#include <QAbstractItemModel>
#include <QString>

namespace Fabrikam::Test {

// The balance the accounts table shows for `accountId`, in minor units; -1 when it is not listed.
inline qint64 shownBalance(const QAbstractItemModel* accounts, const QString& accountId)
{
    for (int row = 0; row < accounts->rowCount(); ++row) {
        const QModelIndex index = accounts->index(row, App::AccountsModel::BalanceColumn);
        if (index.data(App::AccountsModel::AccountIdRole).toString() == accountId) {
            return index.data(App::AccountsModel::MinorUnitsRole).toLongLong();
        }
    }
    return -1;
}

} // namespace Fabrikam::Test
