#pragma once

#include "auth/accesstokenclaims.h"
#include "auth/idtoken.h"
#include "client/profile.h"
#include "common/clock.h"
#include "common/result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QScopedPointer>
#include <QVariantMap>
#include <QWidget>

#include <optional>

class QTreeWidgetItem;

namespace Ui {
class DiagnosticsPanel;
}

namespace Fabrikam::App {

// The flow timeline: one row per Client::Timeline event (time, event, fields). Fields are
// redacted on the way in (redactFields(), the rule of `fabrikam-cli --trace`), so nothing the
// model holds - and so nothing a view, a copy or the support bundle shows - is a token or a code.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        EventColumn,
        FieldsColumn,
        ColumnCount
    };
    struct Event
    {
        QDateTime time; // UTC
        QString event;
        QVariantMap fields; // redacted
    };
    // Oldest events are dropped beyond this, so a long session cannot grow without bound.
    static constexpr qsizetype kMaxEvents = 2000;

    explicit TimelineModel(const Common::Clock& clock, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index,
                                int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    [[nodiscard]] const QList<Event>& events() const { return m_events; }
    [[nodiscard]] QJsonArray toJson() const;

    // time: when it happened (UTC); invalid = now.
    void append(const QString& event, const QVariantMap& fields, const QDateTime& time = {});
    void clear();

    // "scope=openid profile, started=true": the fields column.
    [[nodiscard]] static QString fieldsText(const QVariantMap& fields);

private:
    const Common::Clock& m_clock;
    QList<Event> m_events;
};

// Diagnostics for support staff (DESIGN.md section 1): the flow timeline, the decoded claims of
// the ID tokens (base and MFA) and of the access tokens (base, last elevated, MFA-fresh) — claims
// only, never a JWT —, the profile and versions, and the redacted support bundle. A plain QWidget:
// put it in a dock or a dialog.
//
// Wiring: feed Client::Timeline::recorded to addEvent(); call setIdTokens() and setAccessTokens()
// after sign-in, refresh, step-up and sign-out, setProfile() when the profile changes, addError()
// for failures the UI shows.
class DiagnosticsPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr qsizetype kMaxErrors = 20;

    explicit DiagnosticsPanel(QWidget* parent = nullptr);
    DiagnosticsPanel(const Common::Clock& clock, QWidget* parent);
    ~DiagnosticsPanel() override;

    [[nodiscard]] TimelineModel* timeline() const { return m_timeline; }
    [[nodiscard]] QJsonArray errorsJson() const { return m_errors; }

    // Writes the support bundle; the button's file dialog ends here too.
    [[nodiscard]] Common::Result<void> exportBundle(const QString& path);

public Q_SLOTS:
    // time: when it happened (e.g. Client::TimelineEvent::time); invalid = now.
    void addEvent(const QString& event, const QVariantMap& fields, const QDateTime& time = {});
    void addError(const Fabrikam::Common::Error& error);
    void setIdTokens(const std::optional<Fabrikam::Auth::IdToken>& idToken,
                     const std::optional<Fabrikam::Auth::IdToken>& mfaIdToken);
    void setAccessTokens(const std::optional<Fabrikam::Auth::AccessTokenClaims>& base,
                         const std::optional<Fabrikam::Auth::AccessTokenClaims>& elevated,
                         const std::optional<Fabrikam::Auth::AccessTokenClaims>& mfa);
    void setProfile(const Fabrikam::Client::Profile& profile);
    void clearTimeline();
    // Asks for a file name with a non-modal QFileDialog (open(), no nested event loop).
    void chooseBundleFile();

Q_SIGNALS:
    void bundleExported(const QString& path);

private:
    void rememberError(const QString& event, const QString& error, const QString& message,
                       const QString& detail);
    void showClaims();
    void showEnvironment();
    void addClaimRows(QTreeWidgetItem* parent, const QJsonObject& claims);

    const QScopedPointer<Ui::DiagnosticsPanel> m_ui;
    const Common::Clock& m_clock;
    TimelineModel* m_timeline;
    std::optional<Auth::IdToken> m_idToken;
    std::optional<Auth::IdToken> m_mfaIdToken;
    std::optional<Auth::AccessTokenClaims> m_accessToken;
    std::optional<Auth::AccessTokenClaims> m_elevatedAccessToken;
    std::optional<Auth::AccessTokenClaims> m_mfaAccessToken;
    std::optional<Client::Profile> m_profile;
    QJsonArray m_errors;
};

} // namespace Fabrikam::App
