#pragma once

#include <QStringList>

class QWidget;

namespace Fabrikam::Test {

// Walks every control below `root` (buttons, line and text edits, combo and spin boxes, item
// views, sliders, tab bars, actions with text) the way automated UI tests and assistive technology
// see them, and lists what is wrong, one line per problem (empty: nothing):
//  - no objectName: the UI tests could not drive it by name;
//  - no accessible name (QAccessible's Name: its text, its buddy label's text or accessibleName):
//    a screen reader would announce an unnamed control;
//  - an icon that does not scale: at device pixel ratio 2 it must render at twice the pixels
//    (SVG icons do; a fixed bitmap would blur on HiDPI screens);
//  - a label whose accessible name replaces its text (a screen reader would not read the text);
//  - two visible texts in one window with the same Alt letter (buttons, buddy labels, group
//    boxes, tabs, menu titles): the key reaches only one of them.
// The parts Qt builds inside a composite control (a combo box's line edit, a spin box's buttons, a
// table's corner button, a dock's title buttons, "qt_" named internals) are Qt's, not ours; so is
// a menu's own action (the QMenu carries the name).
[[nodiscard]] QStringList auditControls(QWidget* root);

} // namespace Fabrikam::Test
