#pragma once

#include <QByteArray>
#include <QMutex>
#include <QMutexLocker>
#include <QString>
#include <QtGlobal>

namespace Fabrikam::Test {

// Everything the process logs (qDebug and friends, Qt's own categories too), kept for a secret
// scan and passed on to the handler that was there before (Qt Test's). One per test binary:
//   initTestCase: CapturedMessages::install();  cleanupTestCase: CapturedMessages::uninstall();
class CapturedMessages
{
public:
    static void install() { previous() = qInstallMessageHandler(&capture); }
    static void uninstall() { qInstallMessageHandler(previous()); }
    [[nodiscard]] static QByteArray all()
    {
        const QMutexLocker lock(&mutex());
        return messages();
    }

private:
    static void capture(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        {
            const QMutexLocker lock(&mutex());
            messages() += qFormatLogMessage(type, context, message).toUtf8() + '\n';
        }
        if (previous()) {
            previous()(type, context, message);
        }
    }
    static QMutex& mutex()
    {
        static QMutex m;
        return m;
    }
    static QByteArray& messages()
    {
        static QByteArray m;
        return m;
    }
    static QtMessageHandler& previous()
    {
        static QtMessageHandler h = nullptr;
        return h;
    }
};

} // namespace Fabrikam::Test
