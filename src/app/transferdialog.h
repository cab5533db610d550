#pragma once

#include "bank/account.h"
#include "bank/transfer.h"

#include <QDialog>
#include <QScopedPointer>
#include <QUrl>

#include <optional>

namespace Ui {
class TransferDialog;
}

namespace Fabrikam::Auth {
class AuthSession;
}
namespace Fabrikam::Bank {
struct ApiError;
} // namespace Fabrikam::Bank
namespace Fabrikam::Client {
class TransferCoordinator;
} // namespace Fabrikam::Client

namespace Fabrikam::App {

// Moving money, in four steps on one stacked widget:
//
// An intent whose answer never arrived (closed or killed app, broken connection) stays noted in
// Bank::PendingTransfers; reviewing the same transfer again picks up its Idempotency-Key, says so
// on the confirm page, and the bank replays the first result instead of moving money twice.
//
//   formPage ──Review──> confirmPage ──Confirm──> stepUpPage ──────────────> resultPage
//   (from, to, amount    (summary; one     (TransferCoordinator: step-up    (receipt, or a clear
//    as Money, memo)      sentence on the   in the browser for transfer:     reason; "Try again"
//                         browser step)     funds, then POST once)           reuses the same key)
//
// The dialog never holds a token: the coordinator and the API client own, send and wipe the
// elevated one. A double click on Confirm cannot send twice: the button is disabled on the first
// click, and the coordinator coalesces submissions of the same TransferRequest anyway.
// Opened with open() (no nested event loop); deletes itself when closed.
class TransferDialog final : public QDialog
{
    Q_OBJECT

public:
    // transfers: the coordinator, which also keeps the profile's pending-transfer notes.
    TransferDialog(Client::TransferCoordinator& transfers, Auth::AuthSession& session,
                   QList<Bank::Account> accounts, QWidget* parent = nullptr);
    ~TransferDialog() override;

    // Preselects the source account (e.g. the row selected in the accounts table).
    void setFromAccount(const QString& accountId);

public Q_SLOTS:
    // While a transfer is in flight, closing means "stop the browser step": the dialog stays
    // to say what happened (nothing is sent without the confirmation).
    void reject() override;

Q_SIGNALS:
    // The transfer attempt ended (ok or not): balances may have changed, refresh them.
    void transferFinished(bool ok);

private:
    void validateAmount();
    void review();
    void backToForm();
    void confirm();
    void submit();
    void showSucceeded(const Bank::TransferReceipt& receipt);
    void showFailed(const Bank::ApiError& error);
    void showPage(QWidget* page, QWidget* focus);
    [[nodiscard]] const Bank::Account* account(const QString& id) const;
    [[nodiscard]] QString destinationId() const;
    [[nodiscard]] QString describeAccount(const QString& id) const;

    const QScopedPointer<Ui::TransferDialog> m_ui;
    Client::TransferCoordinator& m_transfers;
    Auth::AuthSession& m_session;
    QList<Bank::Account> m_accounts;
    std::optional<Bank::TransferRequest> m_request;
    QUrl m_authorizationUrl;
    bool m_submitting = false;
};

} // namespace Fabrikam::App
