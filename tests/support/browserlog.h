#pragma once

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Fabrikam::Test {

// The scripted (or real) browser's log (FABRIKAM_PERSON_LOG): one JSON object per run, written
// after it delivered the callback. Missing file: no run yet.
inline QList<QJsonObject> browserRuns(const QString& logPath)
{
    QList<QJsonObject> runs;
    QFile log(logPath);
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : log.readAll().split('\n')) {
            if (!line.trimmed().isEmpty()) {
                runs.append(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return runs;
}

} // namespace Fabrikam::Test
