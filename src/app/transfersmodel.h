#pragma once

#include "bank/transfer.h"

#include <QAbstractTableModel>
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
    [[nodiscard]] const QList<Bank::Transfer>& transfers() const { return m_transfers; }
    void setLocale(const QLocale& locale) { m_locale = locale; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    [[nodiscard]] QString description(const Bank::Transfer& t) const;

    QList<Bank::Transfer> m_transfers;
    QLocale m_locale;
};

} // namespace Fabrikam::App
