#pragma once

#include "common/async.h"
#include "common/result.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace Fabrikam::Vault {

// SecretStore and TokenVault follow the house convention (common/async.h); Reply adds the
// deadline: a Timeout error if the operation does not finish in time.
using Common::Completion;

namespace Detail {

// Bookkeeping for one pending operation; not for direct use (see Reply). Deletes itself after
// delivering, or as soon as the caller's context is destroyed.
class PendingCall final : public QObject
{
public:
    PendingCall(QObject* context, std::chrono::milliseconds timeout,
                std::function<void()> deliverTimeout);

    // The first call wins and returns true; later ones (a late job after a timeout) are ignored.
    // `deliver` runs from the event loop, and only if the context still exists.
    bool complete(std::function<void()> deliver);
    [[nodiscard]] bool isDone() const { return m_done; }

private:
    void abandon();

    QPointer<QObject> m_context;
    QTimer m_timer;
    std::function<void()> m_deliverTimeout;
    bool m_done = false;
};

} // namespace Detail

// The implementation's handle on one pending operation. Cheap to copy into lambdas; finishing a
// Reply whose call is already over (timed out, context gone) does nothing.
template <class T> class Reply
{
public:
    static Reply start(QObject* context, Completion<T> done, std::chrono::milliseconds timeout,
                       Common::Error timeoutError)
    {
        auto shared = std::make_shared<Completion<T>>(std::move(done));
        auto* call =
            new Detail::PendingCall(context, timeout, [shared, error = std::move(timeoutError)] {
                (*shared)(Common::Result<T>(error));
            });
        return Reply(call, std::move(shared));
    }

    void finish(Common::Result<T> result) const
    {
        if (!m_call) {
            return;
        }
        m_call->complete(
            [done = m_done, result = std::move(result)]() mutable { (*done)(std::move(result)); });
    }

    // Still waiting for finish(): not timed out, not finished, context alive.
    [[nodiscard]] bool isPending() const { return m_call && !m_call->isDone(); }

    // Lives while the operation is pending (then goes away): the context for anything the
    // implementation connects or starts on the operation's behalf, so late answers are dropped.
    [[nodiscard]] QObject* guard() const { return m_call.data(); }

private:
    Reply(Detail::PendingCall* call, std::shared_ptr<Completion<T>> done)
        : m_call(call)
        , m_done(std::move(done))
    {}

    QPointer<Detail::PendingCall> m_call;
    std::shared_ptr<Completion<T>> m_done;
};

} // namespace Fabrikam::Vault
