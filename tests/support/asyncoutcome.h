#pragma once

#include "common/result.h"

#include <QObject>
#include <QTest>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace Fabrikam::Test {

// What one asynchronous call in the house style did: its one answer, whether that came inside the
// call (it must not), and how often the completion ran (it must be once).
template <class T> struct Outcome
{
    std::optional<Common::Result<T>> result;
    bool calledSynchronously = false;
    int calls = 0;
};

// Starts an operation with a fresh context object and waits (bounded) for its answer, plus a
// short moment in which a second answer would show up.
template <class T>
Outcome<T>
runAsync(const std::function<void(QObject*, std::function<void(Common::Result<T>)>)>& start,
         std::chrono::milliseconds wait)
{
    auto outcome = std::make_shared<Outcome<T>>();
    auto returned = std::make_shared<bool>(false);
    QObject context;
    start(&context, [outcome, returned](Common::Result<T> result) {
        outcome->calledSynchronously = outcome->calledSynchronously || !*returned;
        ++outcome->calls;
        outcome->result.emplace(std::move(result));
    });
    *returned = true;
    (void)QTest::qWaitFor([&] { return outcome->result.has_value(); },
                          static_cast<int>(wait.count()));
    QTest::qWait(20);
    return *outcome;
}

// One line for a failure message: the error's code name, its sentence and its detail.
template <class T> QByteArray describe(const std::optional<Common::Result<T>>& result)
{
    if (!result) {
        return "no answer in time";
    }
    if (result->ok()) {
        return "ok";
    }
    return (Common::errorCodeName(result->error().code) + QStringLiteral(": ") +
            result->error().message + QStringLiteral(" (") + result->error().detail + u')')
        .toUtf8();
}

} // namespace Fabrikam::Test
