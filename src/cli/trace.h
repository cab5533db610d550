#pragma once

#include <QFile>
#include <QString>
#include <QVariantMap>

namespace Fabrikam::Cli {

// The --trace FILE timeline: one JSON object per line {"t","event",…fields}. Fields are passed
// through Common::redactField() once more, so even a careless caller cannot write a token or a
// code.
class TraceWriter
{
public:
    [[nodiscard]] bool open(const QString& path);
    [[nodiscard]] bool isOpen() const { return m_file.isOpen(); }
    [[nodiscard]] QString errorString() const { return m_file.errorString(); }
    void write(const QString& event, const QVariantMap& fields = {});

private:
    QFile m_file;
};

} // namespace Fabrikam::Cli
