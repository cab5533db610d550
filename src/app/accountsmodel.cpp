#include "app/accountsmodel.h"

namespace Fabrikam::App {

AccountsModel::AccountsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void AccountsModel::setAccounts(QList<Bank::Account> accounts)
{
    beginResetModel();
    m_accounts = std::move(accounts);
    endResetModel();
}

void AccountsModel::setLocale(const QLocale& locale)
{
    m_locale = locale;
    if (!m_accounts.isEmpty()) {
        Q_EMIT dataChanged(index(0, BalanceColumn), index(rowCount() - 1, BalanceColumn));
    }
}

QString AccountsModel::label(const Bank::Account& account)
{
    return tr("%1 ··%2").arg(account.name, account.maskedNumber.right(4));
}

int AccountsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

int AccountsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Bank::Account& a = m_accounts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return a.name;
        case NumberColumn:
            return a.maskedNumber;
        case BalanceColumn:
            return a.balance.formatted(m_locale);
        default:
            return {};
        }
    case Qt::AccessibleTextRole:
        if (index.column() == BalanceColumn) {
            return tr("Balance of %1: %2").arg(a.name, a.balance.formatted(m_locale));
        }
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        return index.column() == NumberColumn ? tr("Account %1").arg(a.id) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == BalanceColumn) {
            return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
        }
        return QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case AccountIdRole:
        return a.id;
    case MinorUnitsRole:
        return a.balance.minorUnits();
    case CurrencyRole:
        return a.balance.currency();
    default:
        return {};
    }
}

QVariant AccountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::TextAlignmentRole && section == BalanceColumn) {
        return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Account");
    case NumberColumn:
        return tr("Number");
    case BalanceColumn:
        return tr("Balance");
    default:
        return {};
    }
}

} // namespace Fabrikam::App
