#include "auth/useragent.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QProcess>

namespace Fabrikam::Auth {

ExternalBrowser::ExternalBrowser(QProcessEnvironment environment)
    : m_environment(std::move(environment))
{}

QStringList ExternalBrowser::command(const QUrl& url) const
{
    const QString encoded = url.toString(QUrl::FullyEncoded);
    const QString browser =
        m_environment.value(QStringLiteral("BROWSER")).section(QLatin1Char(':'), 0, 0).trimmed();
    if (!browser.isEmpty()) {
        QStringList parts = QProcess::splitCommand(browser);
        if (parts.isEmpty()) {
            return {};
        }
        bool substituted = false;
        for (QString& part : parts) {
            if (part.contains(QLatin1String("%s"))) {
                part.replace(QLatin1String("%s"), encoded);
                substituted = true;
            }
        }
        if (!substituted) {
            parts.append(encoded);
        }
        return parts;
    }
#if defined(Q_OS_MACOS)
    return {QStringLiteral("open"), encoded};
#elif defined(Q_OS_WIN)
    return {QStringLiteral("rundll32"), QStringLiteral("url.dll,FileProtocolHandler"), encoded};
#else
    return {QStringLiteral("xdg-open"), encoded};
#endif
}

Common::Result<void> ExternalBrowser::open(const QUrl& url)
{
    QStringList cmd = command(url);
    if (cmd.isEmpty()) {
        return Common::Result<void>(Common::Error{
            Common::Errc::InvalidInput,
            QCoreApplication::translate("Fabrikam::Auth", "The BROWSER setting is empty."),
            {}});
    }
    const QString program = cmd.takeFirst();
    QProcess process;
    process.setProgram(program);
    process.setArguments(cmd);
    process.setProcessEnvironment(m_environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    if (!process.startDetached()) {
        return Common::Result<void>(Common::Error{
            Errc::BrowserUnavailable,
            QCoreApplication::translate("Fabrikam::Auth",
                                        "Fabrikam could not start a web browser (%1). Open the "
                                        "sign-in link by hand.")
                .arg(program),
            program});
    }
    return {};
}

} // namespace Fabrikam::Auth
