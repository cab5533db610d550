#include "app/browsertripbar.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace Fabrikam::App {

BrowserTripBar::BrowserTripBar(const QString& prefix, QWidget* parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_copyLink(new QPushButton(tr("Copy &link"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName(prefix + QStringLiteral("BrowserBar"));
    m_message->setObjectName(prefix + QStringLiteral("BrowserMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_copyLink->setObjectName(prefix + QStringLiteral("CopyLinkButton"));
    m_copyLink->setAccessibleDescription(
        tr("Puts the link of the browser step on the clipboard, to open it in a browser"));
    m_cancel->setObjectName(prefix + QStringLiteral("CancelButton"));
    m_cancel->setAccessibleDescription(tr("Stops waiting for the browser"));
    auto* busy = new QProgressBar(this);
    busy->setObjectName(prefix + QStringLiteral("BrowserProgress"));
    busy->setRange(0, 0);
    busy->setTextVisible(false);
    busy->setAccessibleName(tr("Waiting for the browser"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(busy, 1);
    buttons->addWidget(m_copyLink);
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_copyLink, &QPushButton::clicked, this, [this] {
        if (!m_link.isEmpty()) {
            QGuiApplication::clipboard()->setText(m_link.toString(QUrl::FullyEncoded));
            Q_EMIT linkCopied();
        }
    });
    connect(m_cancel, &QPushButton::clicked, this, &BrowserTripBar::cancelRequested);
    hide();
}

void BrowserTripBar::start(const QString& message)
{
    m_waiting = true;
    m_link.clear();
    m_message->setText(message);
    m_copyLink->setEnabled(false);
    show();
    m_cancel->setFocus();
}

void BrowserTripBar::setLink(const QUrl& url, bool browserStarted)
{
    if (!m_waiting) {
        return;
    }
    m_link = url;
    m_copyLink->setEnabled(true);
    if (!browserStarted) {
        m_message->setText(tr("Fabrikam could not open a web browser. Copy the link and open it "
                              "in a browser to continue."));
    }
}

void BrowserTripBar::finish()
{
    m_waiting = false;
    m_link.clear();
    hide();
}

} // namespace Fabrikam::App
