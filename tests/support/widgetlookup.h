#pragma once

#include <QObject>
#include <QString>

namespace Fabrikam::Test {

// The widget, action or dialog named `name` below `parent` (objectName, as the UI tests drive the
// window), or nullptr with a warning that names what was looked for.
template <class T> T* named(const QObject* parent, const char* name)
{
    auto* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found) {
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    }
    return found;
}

} // namespace Fabrikam::Test
