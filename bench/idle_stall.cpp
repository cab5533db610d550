// idle_stall: the baseline of scripts/bench's UI-stall row. An idle Qt event loop with the same
// StallWatchdog as the UI tests (10 ms ticks), run beside tst_window_everyday for exactly as long as
// that full GUI flow, so that both see the same machine: the same load from the sandbox and the
// scripted browser, the same scheduler. What the GUI flow stalls beyond this is the app's own.
//
//   idle_stall        runs until its standard input closes, then prints
//                     {"longest_ms": …, "ticks": …}
#include "app/stallwatchdog.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    Fabrikam::App::StallWatchdog watchdog;
    watchdog.setThreshold(std::chrono::hours(1)); // nothing to report while it runs
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&input] {
        char buffer[256];
        if (read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    watchdog.start();
    QCoreApplication::exec();
    std::printf("{\"longest_ms\": %lld, \"ticks\": %lld}\n",
                static_cast<long long>(watchdog.longestStall().count()),
                static_cast<long long>(watchdog.ticks()));
    return 0;
}
