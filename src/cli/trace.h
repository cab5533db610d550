#pragma once

#include "client/timeline.h"

#include <QFile>
#include <QString>
#include <QVariantMap>

namespace Fabrikam::Cli {

// The --trace FILE: the Context's timeline (redacted there), one JSON object per line
// {"t","event",…fields}.
class TraceWriter
{
public:
    [[nodiscard]] bool open(const QString& path);
    [[nodiscard]] bool isOpen() const { return m_file.isOpen(); }
    [[nodiscard]] QString errorString() const { return m_file.errorString(); }
    void write(const Client::TimelineEvent& event);

private:
    QFile m_file;
};

} // namespace Fabrikam::Cli
