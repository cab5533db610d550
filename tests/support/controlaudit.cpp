#include "support/controlaudit.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHash>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabBar>
#include <QTextEdit>
#include <QWidget>

namespace Fabrikam::Test {

namespace {

bool isControl(const QWidget* widget)
{
    return qobject_cast<const QAbstractButton*>(widget) || qobject_cast<const QLineEdit*>(widget) ||
           qobject_cast<const QComboBox*>(widget) ||
           qobject_cast<const QAbstractSpinBox*>(widget) ||
           qobject_cast<const QAbstractItemView*>(widget) ||
           qobject_cast<const QTextEdit*>(widget) || qobject_cast<const QPlainTextEdit*>(widget) ||
           qobject_cast<const QTabBar*>(widget) ||
           (qobject_cast<const QAbstractSlider*>(widget) &&
            !qobject_cast<const QScrollBar*>(widget));
}

// Inside a control Qt composes (or named by Qt itself): not ours to name.
bool isQtInternal(const QWidget* widget, const QWidget* root)
{
    if (widget->objectName().startsWith(QLatin1String("qt_"))) {
        return true;
    }
    for (const QWidget* p = widget->parentWidget(); p && p != root->parentWidget();
         p = p->parentWidget()) {
        if (p->objectName().startsWith(QLatin1String("qt_")) || qobject_cast<const QComboBox*>(p) ||
            qobject_cast<const QAbstractSpinBox*>(p) || qobject_cast<const QAbstractItemView*>(p) ||
            qobject_cast<const QTabBar*>(p)) {
            return true;
        }
        // A dock's title bar buttons (float, close) are children of the dock itself.
        if (qobject_cast<const QDockWidget*>(p) && p == widget->parentWidget()) {
            return true;
        }
    }
    return false;
}

QString describe(const QWidget* widget)
{
    const QString name =
        widget->objectName().isEmpty() ? QStringLiteral("(unnamed)") : widget->objectName();
    QString text;
    if (const auto* button = qobject_cast<const QAbstractButton*>(widget)) {
        text = QStringLiteral(" \"%1\"").arg(button->text());
    }
    const QWidget* parent = widget->parentWidget();
    return QStringLiteral("%1 %2%3 in %4")
        .arg(QString::fromLatin1(widget->metaObject()->className()), name, text,
             parent ? parent->objectName() : QStringLiteral("(top level)"));
}

QString accessibleName(QWidget* widget)
{
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
    return accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
}

bool iconScales(const QIcon& icon)
{
    const QSize logical(24, 24);
    return icon.pixmap(logical, 2.0).size() == logical * 2;
}

// The texts whose '&' letter a person can press with Alt in `widget`'s window while it shows:
// a button's, a label's for its buddy, a group box's title, each tab of a tab bar, each menu title
// of a menu bar (a menu's own items only count while it is open, so they are not listed here).
QStringList mnemonicTexts(const QWidget* widget)
{
    if (const auto* button = qobject_cast<const QAbstractButton*>(widget)) {
        return {button->text()};
    }
    if (const auto* label = qobject_cast<const QLabel*>(widget); label && label->buddy()) {
        return {label->text()};
    }
    if (const auto* box = qobject_cast<const QGroupBox*>(widget)) {
        return {box->title()};
    }
    QStringList texts;
    if (const auto* tabs = qobject_cast<const QTabBar*>(widget)) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->isTabVisible(i) && tabs->isTabEnabled(i)) {
                texts.append(tabs->tabText(i));
            }
        }
    }
    if (const auto* bar = qobject_cast<const QMenuBar*>(widget)) {
        for (const QAction* action : bar->actions()) {
            if (action->isVisible()) {
                texts.append(action->text());
            }
        }
    }
    return texts;
}

// Two visible texts with the same Alt letter in one window: the key reaches only one of them.
QStringList mnemonicClashes(QWidget* root, const QList<QWidget*>& widgets)
{
    QStringList problems;
    QHash<const QWidget*, QHash<QKeySequence, QString>> taken; // window -> letter -> text
    for (const QWidget* widget : widgets) {
        if (!widget->isVisible() || (widget != root && isQtInternal(widget, root) &&
                                     !qobject_cast<const QTabBar*>(widget))) {
            continue;
        }
        for (const QString& text : mnemonicTexts(widget)) {
            const QKeySequence key = QKeySequence::mnemonic(text);
            if (key.isEmpty()) {
                continue;
            }
            QString& first = taken[widget->window()][key];
            if (first.isEmpty()) {
                first = text;
            } else {
                problems.append(QStringLiteral("Alt mnemonic %1 of \"%2\" clashes with \"%3\"")
                                    .arg(key.toString(QKeySequence::PortableText), text, first));
            }
        }
    }
    return problems;
}

} // namespace

QStringList auditControls(QWidget* root)
{
    QStringList problems;
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* widget : std::as_const(widgets)) {
        if (!isControl(widget) || isQtInternal(widget, root)) {
            continue;
        }
        if (widget->objectName().isEmpty()) {
            problems.append(QStringLiteral("no objectName: ") + describe(widget));
        }
        if (accessibleName(widget).isEmpty()) {
            problems.append(QStringLiteral("no accessible name: ") + describe(widget));
        }
        if (const auto* button = qobject_cast<const QAbstractButton*>(widget);
            button && !button->icon().isNull() && !iconScales(button->icon())) {
            problems.append(QStringLiteral("icon does not scale for HiDPI: ") + describe(widget));
        }
    }
    for (QWidget* widget : std::as_const(widgets)) {
        // A label's accessible name is what a screen reader says instead of its text: one set by
        // hand ("Session", "Amount error") hides the message a person reads.
        const auto* label = qobject_cast<const QLabel*>(widget);
        if (label && !label->text().isEmpty() && !label->accessibleName().isEmpty() &&
            label->accessibleName() != label->text()) {
            problems.append(QStringLiteral("accessible name \"%1\" hides the text of label %2")
                                .arg(label->accessibleName(), label->objectName()));
        }
    }
    problems.append(mnemonicClashes(root, widgets));
    const QList<QAction*> actions = root->findChildren<QAction*>();
    for (QAction* action : actions) {
        if (action->isSeparator() || action->text().isEmpty() ||
            action->objectName().startsWith(QLatin1String("qt_")) ||
            qobject_cast<QDockWidget*>(action->parent()) ||
            action->menu<QMenu*>() != nullptr) { // a menu's own action: the QMenu is named
            continue;
        }
        if (action->objectName().isEmpty()) {
            problems.append(QStringLiteral("no objectName: action \"%1\"").arg(action->text()));
        }
        if (!action->icon().isNull() && !iconScales(action->icon())) {
            problems.append(QStringLiteral("icon does not scale for HiDPI: action %1")
                                .arg(action->objectName()));
        }
    }
    return problems;
}

} // namespace Fabrikam::Test
