// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QLocalServer;

namespace haul::app {

// SingleInstance: `haul URL...` while Haul already runs hands the URLs to the running window
// and exits. The first instance listens on a local socket at a full path in the user's private
// folder (privatefolder::base(): $XDG_RUNTIME_DIR, else a checked 0700 folder in the cache
// folder), never under a predictable name in the shared /tmp where another user could listen
// first. Later ones connect, send the URLs and wait for an acknowledgement.
//
// Both ends check who is on the other side (SO_PEERCRED): the sender sends nothing, not even the
// magic, to a listener of another uid (HandOff::Stranger), and the listener drops a client of
// another uid. QLocalServer::UserAccessOption makes the socket file the user's alone too.
//
// Protocol (one message per connection): QDataStream (Qt 6.0 format) of quint32 kMagic and a
// QStringList; the server answers one byte 'k' after it emitted urlsReceived().
//
// Threads: GUI thread only. handOff() waits in a local event loop (not in waitFor…), so the two
// sides may even live in the same thread, as the tests do.
class SingleInstance final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    static constexpr quint32 kMagic = 0x4841554c; // "HAUL"

    enum class HandOff {
        Delivered,       // a running Haul of this user acknowledged the URLs
        NobodyListening, // no socket, a stale one, no answer in time, or no private folder
        Stranger,        // the listener belongs to another user: it was sent nothing
    };

    // name: a full socket path, or a bare name that is put in privatefolder::base().
    explicit SingleInstance(const QString& name = defaultName(), QObject* parent = nullptr);
    ~SingleInstance() override;

    // "<private folder>/haul-HASH": one per user and home folder. Empty when there is no private
    // folder (then listen() says why and handOff() finds nobody).
    static QString defaultName();

    // Sends the URLs (possibly none: the running window then just shows itself) to a running
    // instance of the same user and waits up to timeoutMs for its acknowledgement. *detail (if
    // given) receives a sentence for Stranger (who listens, where) and for a missing private
    // folder.
    HandOff handOff(const QStringList& urls, int timeoutMs = 3000, QString* detail = nullptr);
    // handOff() == Delivered.
    bool sendToRunning(const QStringList& urls, int timeoutMs = 3000);

    // Starts listening; removes a stale socket of this user left by a crashed instance (never
    // another user's file). False with *error set when it cannot listen.
    bool listen(QString* error = nullptr);
    bool isListening() const;
    // The socket's full path (empty without a private folder).
    QString name() const { return m_name; }

signals:
    // Another process of this user sent these URLs (maybe none).
    void urlsReceived(const QStringList& urls);

private:
    void handleNewConnection();

    QString m_name;
    QString m_folderError; // why there is no path, when m_name is empty
    QLocalServer* m_server = nullptr;
};

} // namespace haul::app
