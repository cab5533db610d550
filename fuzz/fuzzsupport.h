#pragma once

// Shared by the libFuzzer targets in this directory (docs/security.md).
// No QCoreApplication: the parsers only need QCoreApplication::translate, which works without one.

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

namespace Fabrikam::Fuzz {

// The parsers log refusals through categories; at fuzzing speed that is only noise on stderr.
inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
}

// Views the fuzzer's buffer without copying; the size always fits (libFuzzer caps -max_len).
inline QByteArrayView bytes(const uint8_t* data, size_t size)
{
    return QByteArrayView(data, static_cast<qsizetype>(size));
}

} // namespace Fabrikam::Fuzz

#define FABRIKAM_FUZZ_INITIALIZE                                                                   \
    extern "C" int LLVMFuzzerInitialize(int*, char***)                                             \
    {                                                                                              \
        Fabrikam::Fuzz::silenceQtMessages();                                                       \
        return 0;                                                                                  \
    }
