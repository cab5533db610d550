#pragma once

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class AboutDialog;
}

namespace Fabrikam::App {

// Product, version, what the app does, licence and the Qt it runs on. Show it with open().
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);
    ~AboutDialog() override;

private:
    const QScopedPointer<Ui::AboutDialog> m_ui;
};

} // namespace Fabrikam::App
