// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QLocalServer;

namespace haul::app {

// SingleInstance: `haul URL...` while Haul already runs hands the URLs to the running window
// and exits. The first instance listens on a local socket named per user (defaultName()),
// created with QLocalServer::UserAccessOption so only the same user can connect; later ones
// connect, send the URLs and wait for an acknowledgement.
//
// Protocol (one message per connection): QDataStream (Qt 6.0 format) of quint32 kMagic and a
// QStringList; the server answers one byte 'k' after it emitted urlsReceived().
//
// Threads: GUI thread only. sendToRunning() waits in a local event loop (not in waitFor…), so
// the two sides may even live in the same thread, as the test does.
class SingleInstance final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    static constexpr quint32 kMagic = 0x4841554c; // "HAUL"

    explicit SingleInstance(const QString& name = defaultName(), QObject* parent = nullptr);
    ~SingleInstance() override;

    // "haul-USER-HASH": one per user and home folder.
    static QString defaultName();

    // True when a running instance acknowledged the URLs (possibly none: it then just shows its
    // window) within timeoutMs; false when nobody listens.
    bool sendToRunning(const QStringList& urls, int timeoutMs = 3000);

    // Starts listening; removes a stale socket left by a crashed instance. False with *error
    // set when it cannot listen.
    bool listen(QString* error = nullptr);
    bool isListening() const;
    QString name() const { return m_name; }

signals:
    // Another process sent these URLs (maybe none).
    void urlsReceived(const QStringList& urls);

private:
    void handleNewConnection();

    QString m_name;
    QLocalServer* m_server = nullptr;
};

} // namespace haul::app
