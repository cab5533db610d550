#include "app/transfersmodel.h"

#include "app/accountsmodel.h"

namespace Fabrikam::App {

TransfersModel::TransfersModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void TransfersModel::setTransfers(QList<Bank::Transfer> transfers)
{
    beginResetModel();
    m_transfers = std::move(transfers);
    endResetModel();
}

void TransfersModel::setAccounts(const QList<Bank::Account>& accounts)
{
    beginResetModel();
    m_accountLabels.clear();
    for (const Bank::Account& a : accounts) {
        m_accountLabels.insert(a.id, AccountsModel::label(a));
    }
    endResetModel();
}

QString TransfersModel::accountName(const QString& id) const
{
    return m_accountLabels.value(id, id);
}

int TransfersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_transfers.size());
}

int TransfersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TransfersModel::description(const Bank::Transfer& t) const
{
    QString text;
    if (t.direction == QLatin1String("incoming")) {
        text = tr("From %1").arg(accountName(t.from));
    } else if (t.direction == QLatin1String("outgoing")) {
        text = tr("To %1").arg(accountName(t.to));
    } else {
        text = tr("%1 → %2").arg(accountName(t.from), accountName(t.to));
    }
    if (!t.memo.isEmpty()) {
        text += QStringLiteral(" · ") + t.memo;
    }
    return text;
}

QVariant TransfersModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Bank::Transfer& t = m_transfers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case DateColumn:
            return m_locale.toString(t.createdAt.toLocalTime(), QLocale::ShortFormat);
        case DescriptionColumn:
            return description(t);
        case AmountColumn: {
            const QString amount = t.amount.formatted(m_locale);
            return t.direction == QLatin1String("outgoing") ? QStringLiteral("−") + amount : amount;
        }
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == AmountColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                              : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        return tr("Transfer %1 (%2)").arg(t.id, t.status);
    case TransferIdRole:
        return t.id;
    case MinorUnitsRole:
        return t.amount.minorUnits();
    default:
        return {};
    }
}

QVariant TransfersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::TextAlignmentRole && section == AmountColumn) {
        return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case DateColumn:
        return tr("Date");
    case DescriptionColumn:
        return tr("Transfer");
    case AmountColumn:
        return tr("Amount");
    default:
        return {};
    }
}

} // namespace Fabrikam::App
