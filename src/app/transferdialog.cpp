#include "app/transferdialog.h"

#include "app/messages.h"
#include "auth/authsession.h"
#include "client/transfercoordinator.h"
#include "ui_transferdialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLocale>

namespace Fabrikam::App {

TransferDialog::TransferDialog(Client::TransferCoordinator& transfers, Auth::AuthSession& session,
                               QList<Bank::Account> accounts, QWidget* parent)
    : QDialog(parent)
    , m_ui(new Ui::TransferDialog)
    , m_transfers(transfers)
    , m_session(session)
    , m_accounts(std::move(accounts))
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    m_ui->amountError->setStyleSheet(QStringLiteral("color: #b3261e;"));
    QFont title = m_ui->summaryTitleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.15);
    m_ui->summaryTitleLabel->setFont(title);
    m_ui->stepUpLabel->setFont(title);

    const QLocale locale;
    for (const Bank::Account& a : std::as_const(m_accounts)) {
        const QString text =
            tr("%1 (%2) · %3").arg(a.name, a.maskedNumber, a.balance.formatted(locale));
        m_ui->fromCombo->addItem(text, a.id);
        m_ui->toCombo->addItem(tr("%1 (%2)").arg(a.name, a.maskedNumber), a.id);
    }
    if (m_ui->toCombo->count() > 1) {
        m_ui->toCombo->setCurrentIndex(1);
    }
    m_ui->toCombo->lineEdit()->setPlaceholderText(tr("Your account, or another account's id"));

    const auto updateCurrency = [this] {
        const Bank::Account* a = account(m_ui->fromCombo->currentData().toString());
        m_ui->currencyLabel->setText(a ? a->balance.currency() : QString());
        validateAmount();
    };
    connect(m_ui->fromCombo, &QComboBox::currentIndexChanged, this, updateCurrency);
    updateCurrency();
    m_ui->amountError->hide();
    connect(m_ui->amountEdit, &QLineEdit::textEdited, this, &TransferDialog::validateAmount);
    connect(m_ui->reviewButton, &QPushButton::clicked, this, &TransferDialog::review);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &TransferDialog::reject);
    connect(m_ui->backButton, &QPushButton::clicked, this, &TransferDialog::backToForm);
    connect(m_ui->confirmButton, &QPushButton::clicked, this, &TransferDialog::confirm);
    connect(m_ui->stepUpCancelButton, &QPushButton::clicked, this, &TransferDialog::reject);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &TransferDialog::accept);
    connect(m_ui->retryButton, &QPushButton::clicked, this, &TransferDialog::submit);
    connect(m_ui->stepUpCopyLinkButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_authorizationUrl.toString(QUrl::FullyEncoded));
    });
    // The step-up's authorization URL, for "Copy link" when no browser window appeared.
    connect(&m_session, &Auth::AuthSession::urlReady, this, [this](const QUrl& url, bool) {
        if (m_submitting) {
            m_authorizationUrl = url;
            m_ui->stepUpCopyLinkButton->setEnabled(true);
        }
    });
    connect(&m_transfers, &Client::TransferCoordinator::stepUpStarted, this,
            [this](const QByteArray& key) {
                if (m_submitting && m_request && key == m_request->idempotencyKey()) {
                    m_ui->stepUpLabel->setText(tr(
                        "Fabrikam needs to confirm it's really you — continue in your browser."));
                    showPage(m_ui->stepUpPage, m_ui->stepUpCancelButton);
                }
            });
    showPage(m_ui->formPage, m_ui->amountEdit);
}

TransferDialog::~TransferDialog() = default;

void TransferDialog::setFromAccount(const QString& accountId)
{
    const int index = m_ui->fromCombo->findData(accountId);
    if (index >= 0) {
        m_ui->fromCombo->setCurrentIndex(index);
        if (m_ui->toCombo->currentData().toString() == accountId) {
            m_ui->toCombo->setCurrentIndex(index == 0 && m_ui->toCombo->count() > 1 ? 1 : 0);
        }
    }
}

const Bank::Account* TransferDialog::account(const QString& id) const
{
    for (const Bank::Account& a : m_accounts) {
        if (a.id == id) {
            return &a;
        }
    }
    return nullptr;
}

QString TransferDialog::destinationId() const
{
    // One of the user's accounts as listed, or whatever id was typed (someone else's account).
    const QString text = m_ui->toCombo->currentText().trimmed();
    const int index = m_ui->toCombo->findText(text);
    return index >= 0 ? m_ui->toCombo->itemData(index).toString() : text;
}

QString TransferDialog::describeAccount(const QString& id) const
{
    const Bank::Account* a = account(id);
    return a ? tr("%1 (%2)").arg(a->name, a->maskedNumber) : tr("account %1").arg(id);
}

void TransferDialog::validateAmount()
{
    // As the person types: the same words Review would say, or none while it is still empty.
    const QString text = m_ui->amountEdit->text().trimmed();
    const auto amount = Bank::Money::parse(text, m_ui->currencyLabel->text());
    if (text.isEmpty() || amount.ok()) {
        m_ui->amountError->hide();
    } else {
        m_ui->amountError->setText(amount.error().message);
        m_ui->amountError->show();
    }
}

void TransferDialog::review()
{
    auto prepared = m_transfers.prepare({m_ui->fromCombo->currentData().toString(),
                                         destinationId(),
                                         m_ui->amountEdit->text(),
                                         {},
                                         m_ui->memoEdit->text()},
                                        m_accounts);
    if (!prepared.ok()) {
        m_ui->amountError->setText(prepared.error().message);
        m_ui->amountError->show();
        m_ui->amountEdit->setFocus();
        return;
    }
    m_ui->amountError->hide();
    // A new intent (a new Idempotency-Key) whenever the form was changed and reviewed again,
    // unless this very transfer is still waiting for its answer from an earlier attempt.
    m_request = prepared.value().request;
    const QLocale locale;
    QString summary = tr("Send <b>%1</b><br>from %2<br>to %3")
                          .arg(m_request->amount().formatted(locale).toHtmlEscaped(),
                               describeAccount(m_request->from()).toHtmlEscaped(),
                               describeAccount(m_request->to()).toHtmlEscaped());
    if (!m_request->memo().isEmpty()) {
        summary += tr("<br>Memo: %1").arg(m_request->memo().toHtmlEscaped());
    }
    m_ui->summaryLabel->setText(summary);
    QStringList notices;
    if (prepared.value().resumed) {
        notices << tr("An earlier attempt of this transfer ended before Fabrikam answered. "
                      "Confirming repeats it under the same reference, so it cannot happen twice.");
    }
    if (prepared.value().needsStepUp) {
        notices << tr("When you confirm, your browser opens so that Fabrikam can confirm it's "
                      "really you.");
    }
    m_ui->stepUpNoticeLabel->setText(notices.join(QLatin1Char('\n')));
    m_ui->confirmButton->setEnabled(true);
    m_ui->backButton->setEnabled(true);
    showPage(m_ui->confirmPage, m_ui->confirmButton);
}

void TransferDialog::backToForm()
{
    showPage(m_ui->formPage, m_ui->amountEdit);
}

void TransferDialog::confirm()
{
    if (m_submitting || !m_request) {
        return; // the second click of a double click
    }
    m_ui->confirmButton->setEnabled(false);
    m_ui->backButton->setEnabled(false);
    submit();
}

void TransferDialog::submit()
{
    if (m_submitting || !m_request) {
        return;
    }
    m_submitting = true;
    m_authorizationUrl.clear();
    m_ui->stepUpCopyLinkButton->setEnabled(false);
    m_ui->retryButton->hide();
    m_ui->stepUpLabel->setText(tr("Sending the transfer…"));
    showPage(m_ui->stepUpPage, m_ui->stepUpCancelButton);
    // The coordinator notes the intent before the browser step and settles the note only on the
    // bank's own answer: Retry and the same transfer in a later run reuse this Idempotency-Key.
    m_transfers.submit(*m_request, this, [this](Bank::ApiResult<Bank::TransferReceipt> result) {
        m_submitting = false;
        if (result.ok()) {
            showSucceeded(result.value());
        } else {
            showFailed(result.error());
        }
        Q_EMIT transferFinished(result.ok());
    });
}

void TransferDialog::showSucceeded(const Bank::TransferReceipt& receipt)
{
    const Bank::Transfer& t = receipt.transfer;
    QString text =
        tr("Done. %1 went from %2 to %3.")
            .arg(t.amount.formatted(QLocale()), describeAccount(t.from), describeAccount(t.to));
    if (receipt.replayed) {
        text += QLatin1Char(' ') +
                tr("The bank had already received this transfer; it was made only once.");
    }
    text += QLatin1Char('\n') + tr("Reference: %1").arg(t.id);
    m_ui->transferResultLabel->setText(text);
    m_request.reset(); // a new transfer needs a new intent
    showPage(m_ui->resultPage, m_ui->closeButton);
}

void TransferDialog::showFailed(const Bank::ApiError& error)
{
    m_ui->transferResultLabel->setText(describeTransferError(error));
    m_ui->retryButton->setVisible(Client::TransferCoordinator::worthRetrying(error));
    showPage(m_ui->resultPage, m_ui->closeButton);
}

void TransferDialog::showPage(QWidget* page, QWidget* focus)
{
    m_ui->transferStack->setCurrentWidget(page);
    if (auto* button = qobject_cast<QPushButton*>(focus)) {
        button->setDefault(true);
    } else if (page == m_ui->formPage) {
        m_ui->reviewButton->setDefault(true);
    }
    focus->setFocus();
}

void TransferDialog::reject()
{
    if (m_submitting) {
        // Stops the browser step; the completion then reports "you stopped the confirmation".
        m_transfers.cancel();
        return;
    }
    QDialog::reject();
}

} // namespace Fabrikam::App
