#pragma once

#include "bank/statement.h"

#include <QAbstractTableModel>
#include <QLocale>

namespace Fabrikam::App {

// One account's statement lines (sensitive: shown only after a recent MFA). clear() forgets them
// when the statements panel locks again.
class StatementModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DateColumn,
        DescriptionColumn,
        AmountColumn,
        BalanceColumn,
        ColumnCount
    };

    explicit StatementModel(QObject* parent = nullptr);

    void setStatement(Bank::Statement statement);
    void clear();
    [[nodiscard]] const QList<Bank::StatementLine>& lines() const { return m_lines; }
    void setLocale(const QLocale& locale) { m_locale = locale; }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    QList<Bank::StatementLine> m_lines;
    QLocale m_locale;
};

} // namespace Fabrikam::App
