#include "vault/pendingcall.h"

namespace Fabrikam::Vault::Detail {

PendingCall::PendingCall(QObject* context, std::chrono::milliseconds timeout,
                         std::function<void()> deliverTimeout)
    : m_context(context)
    , m_deliverTimeout(std::move(deliverTimeout))
{
    Q_ASSERT_X(context, "PendingCall", "every asynchronous vault call needs a context object");
    if (!context) {
        // Nobody could ever be told: behave as if the context were already gone.
        m_done = true;
        deleteLater();
        return;
    }
    connect(context, &QObject::destroyed, this, &PendingCall::abandon);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { complete(m_deliverTimeout); });
    m_timer.start(timeout);
}

bool PendingCall::complete(std::function<void()> deliver)
{
    if (m_done) {
        return false;
    }
    m_done = true;
    m_timer.stop();
    // Queued even when the answer is already at hand (MemoryStore): callers never see their
    // callback run inside the call that asked for it.
    QMetaObject::invokeMethod(
        this,
        [this, deliver = std::move(deliver)] {
            if (m_context) {
                deliver();
            }
            deleteLater();
        },
        Qt::QueuedConnection);
    return true;
}

void PendingCall::abandon()
{
    m_done = true;
    m_timer.stop();
    deleteLater();
}

} // namespace Fabrikam::Vault::Detail
