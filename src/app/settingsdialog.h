#pragma once

#include "client/profile.h"
#include "common/result.h"

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class SettingsDialog;
}

namespace Fabrikam::App {

// Picks or edits a connection profile (DESIGN.md section 4). Every edit is checked at once with
// Profile::apply()/validate(); Save stays disabled while the profile is invalid. Saving writes
// <Profile::directory()>/<name>.json (non-secret keys only, Profile::toJson()) and remembers the
// name in QSettings under "profile/current". No secret ever goes to either place.
//
// Open it with open() and listen to profileSaved / finished; it never runs a nested event loop.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr quint16 kAuth0RedirectPort = 53682;

    explicit SettingsDialog(QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // The profile saved last (QSettings "profile/current"): the one to start with when none is
    // named on the command line; "sandbox" when there is none.
    [[nodiscard]] static QString rememberedProfileName();
    // The saved profiles (Profile::directory()) and "sandbox", sorted.
    [[nodiscard]] static QStringList savedProfileNames();
    // The profile the fields describe now, or why they do not make one.
    [[nodiscard]] Common::Result<Client::Profile> currentProfile() const;

public Q_SLOTS:
    // Loads a saved profile (or the sandbox default) into the fields.
    void selectProfile(const QString& name);
    void showProfile(const Fabrikam::Client::Profile& profile);

Q_SIGNALS:
    void profileSaved(const Fabrikam::Client::Profile& profile);

private:
    void revalidate();
    void applyAuth0Template();
    void save();
    void showMessage(const QString& text, bool problem);

    const QScopedPointer<Ui::SettingsDialog> m_ui;
};

} // namespace Fabrikam::App
