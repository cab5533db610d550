#include "app/aboutdialog.h"

#include "ui_aboutdialog.h"

#include <QCoreApplication>
#include <QPushButton>

namespace Fabrikam::App {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(new Ui::AboutDialog)
{
    m_ui->setupUi(this);
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty()) {
        version = QStringLiteral(FABRIKAM_VERSION);
    }
    m_ui->versionLabel->setText(tr("Version %1").arg(version));
    m_ui->qtVersionLabel->setText(
        tr("Built with Qt %1, running on Qt %2.")
            .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
    connect(m_ui->closeButton, &QPushButton::clicked, this, &QDialog::accept);
}

AboutDialog::~AboutDialog() = default;

} // namespace Fabrikam::App
