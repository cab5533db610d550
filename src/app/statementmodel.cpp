#include "app/statementmodel.h"

namespace Fabrikam::App {

StatementModel::StatementModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void StatementModel::setStatement(Bank::Statement statement)
{
    beginResetModel();
    m_lines = std::move(statement.lines);
    endResetModel();
}

void StatementModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

int StatementModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int StatementModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatementModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Bank::StatementLine& l = m_lines.at(index.row());
    if (role == Qt::TextAlignmentRole) {
        return index.column() >= AmountColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                              : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case DateColumn:
        return m_locale.toString(l.date.toLocalTime().date(), QLocale::ShortFormat);
    case DescriptionColumn:
        return l.description;
    case AmountColumn:
        return l.amount.formatted(m_locale);
    case BalanceColumn:
        return l.balance.formatted(m_locale);
    default:
        return {};
    }
}

QVariant StatementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::TextAlignmentRole && section >= AmountColumn) {
        return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case DateColumn:
        return tr("Date");
    case DescriptionColumn:
        return tr("Description");
    case AmountColumn:
        return tr("Amount");
    case BalanceColumn:
        return tr("Balance");
    default:
        return {};
    }
}

} // namespace Fabrikam::App
