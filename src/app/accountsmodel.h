#pragma once

#include "bank/account.h"

#include <QAbstractTableModel>
#include <QList>
#include <QLocale>

namespace Fabrikam::App {

// The user's accounts for a QTableView: a thin model over plain values (no networking, no
// parsing; MainWindow feeds it what FabrikamApiClient returned). Balances are shown with
// Money::formatted for the model's locale — integer minor units all the way, never a double.
class AccountsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        NumberColumn,
        BalanceColumn,
        ColumnCount
    };
    enum Role
    {
        AccountIdRole = Qt::UserRole + 1,
        MinorUnitsRole, // qint64: the balance in minor units (for tests and sorting)
        CurrencyRole,
    };

    explicit AccountsModel(QObject* parent = nullptr);

    // How a person reads an account wherever the window names one: "Savings ··3000" (the masked
    // number's last group tells two accounts of the same name apart), never the internal id.
    [[nodiscard]] static QString label(const Bank::Account& account);

    void setAccounts(QList<Bank::Account> accounts);
    [[nodiscard]] const QList<Bank::Account>& accounts() const { return m_accounts; }
    void setLocale(const QLocale& locale);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    QList<Bank::Account> m_accounts;
    QLocale m_locale;
};

} // namespace Fabrikam::App
