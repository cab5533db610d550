#pragma once

#include "bank/account.h"
#include "bank/transfer.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QLocale>

namespace Fabrikam::App {

// Recent transfers (GET /transfers, newest first) for a QTableView. Plain values in, text out.
class TransfersModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DateColumn,
        DescriptionColumn,
        AmountColumn,
        ColumnCount
    };
    enum Role
    {
        TransferIdRole = Qt::UserRole + 1,
        MinorUnitsRole,
    };

    explicit TransfersModel(QObject* parent = nullptr);

    void setTransfers(QList<Bank::Transfer> transfers);
    // The person's accounts, by which transfers name them (AccountsModel::label); an account not
    // among them (someone else's) keeps its id.
    void setAccounts(const QList<Bank::Account>& accounts);
    [[nodiscard]] const QList<Bank::Transfer>& transfers() const { return m_transfers; }
    void setLocale(const QLocale& locale) { m_locale = locale; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    [[nodiscard]] QString description(const Bank::Transfer& t) const;
    [[nodiscard]] QString accountName(const QString& id) const;

    QList<Bank::Transfer> m_transfers;
    QHash<QString, QString> m_accountLabels; // account id → AccountsModel::label
    QLocale m_locale;
};

} // namespace Fabrikam::App
