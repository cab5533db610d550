// empty_window: the floor of scripts/bench's start-up row. A QApplication with one empty
// QMainWindow, built with the same Qt and flags as fabrikam-desktop: what any Qt 6 Widgets
// program pays before its first window maps (libraries, platform plugin, fonts).
#include <QApplication>
#include <QMainWindow>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(800, 600);
    window.show();
    return QApplication::exec();
}
