#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace Fabrikam::Test {

// The widget, action or dialog named `name` below `parent` (objectName, as the UI tests drive the
// window), or nullptr with a warning that names what was looked for.
template <class T> T* named(const QObject* parent, const QString& name)
{
    auto* found = parent->findChild<T*>(name);
    if (!found) {
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    }
    return found;
}

template <class T> T* named(const QObject* parent, const char* name)
{
    return named<T>(parent, QString::fromLatin1(name));
}

// The lookups of a UI test that drives one window: child<T>("name") below that window,
// in<T>(parent, "name") below any widget (a dialog, a page). The test says which window.
class WindowLookup
{
public:
    virtual ~WindowLookup() = default;

protected:
    [[nodiscard]] virtual QWidget* lookupRoot() const = 0;

    template <class T> T* child(const char* name) const { return named<T>(lookupRoot(), name); }
    template <class T> static T* in(const QObject* parent, const char* name)
    {
        return named<T>(parent, name);
    }
};

} // namespace Fabrikam::Test
