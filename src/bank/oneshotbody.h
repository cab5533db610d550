#pragma once

#include <QByteArray>
#include <QIODevice>

namespace Fabrikam::Bank {

// A request body that Qt can send once and never again, so that Qt's HTTP stack cannot repeat a
// POST behind our back. Qt 6.4 re-sends the current request up to three times when the
// connection drops before the status line or headers arrive, whatever the method
// (qhttpnetworkconnectionchannel.cpp: handleUnexpectedEOF() -> closeAndResendCurrentRequest();
// _q_error() for RemoteHostClosedError while writing). Before each re-send it rewinds the body
// (qhttpnetworkconnection.cpp: _q_startNextRequest() -> resetUploadData() -> device reset()); a
// body that refuses to rewind ends the reply with QNetworkReply::ContentReSendError instead.
// FabrikamApiClient then knows that the answer was lost and decides itself (docs/design.md, design
// notes).
//
// Random-access with a known size, so Qt streams it from here rather than buffering a copy of its
// own (QNetworkReplyHttpImpl buffers only sequential devices).
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(QByteArray body, QObject* parent = nullptr);

    [[nodiscard]] bool isSequential() const override { return false; }
    [[nodiscard]] qint64 size() const override { return m_body.size(); }
    // Refused once any byte was read: a rewind means a second transmission.
    bool seek(qint64 pos) override;
    bool reset() override;
    // True when Qt asked to rewind after reading: it wanted to send the request again.
    [[nodiscard]] bool rewindRefused() const { return m_rewindRefused; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    const QByteArray m_body;
    bool m_read = false;
    bool m_rewindRefused = false;
};

} // namespace Fabrikam::Bank
