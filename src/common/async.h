#pragma once

#include "common/result.h"

#include <QMetaObject>
#include <QObject>

#include <functional>
#include <utility>

namespace Fabrikam::Common {

// The one asynchronous convention of every layer (STYLE.md): an operation takes a context object
// and a completion,
//     void read(const QString& key, QObject* context, Completion<QByteArray> done);
// and `done` runs exactly once, always later from the event loop (never inside the call), on the
// caller's thread, and not at all once `context` is gone. An operation that can hang ends in time
// with a Timeout error (the network's deadlines, the vault's Reply). The bank's calls keep the
// same shape with their richer result (Bank::Completion<T>, an ApiResult).
template <class T> using Completion = std::function<void(Result<T>)>;

// Hands `result` to `done` from the event loop, in `context`: dropped by Qt if `context` is
// destroyed first. The one way a result that is known at once is delivered "later".
template <class Done, class R> void deliverLater(QObject* context, Done done, R result)
{
    QMetaObject::invokeMethod(
        context,
        [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
        Qt::QueuedConnection);
}

} // namespace Fabrikam::Common
