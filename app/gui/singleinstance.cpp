// SPDX-License-Identifier: MIT
#include "singleinstance.h"

#include "privatefolder.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace haul::app {

namespace {

constexpr int kReadTimeoutMs = 5000;
constexpr qint64 kMaxMessageBytes = qint64{4} * 1024 * 1024;
constexpr char kAck = 'k';

// The uid of the process on the other end of a connected local socket; -1 when unknown.
qint64 peerUid(const QLocalSocket& socket)
{
    ucred credentials{};
    socklen_t size = sizeof credentials;
    const auto fd = static_cast<int>(socket.socketDescriptor());
    if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0
        || size != sizeof credentials) {
        return -1;
    }
    return credentials.uid;
}

} // namespace

SingleInstance::SingleInstance(const QString& name, QObject* parent) : QObject(parent)
{
    if (name.startsWith(QLatin1Char('/'))) {
        m_name = name;
    } else if (!name.isEmpty()) {
        const QString base = privatefolder::base(&m_folderError);
        if (!base.isEmpty()) {
            m_name = QDir(base).filePath(name);
        }
    } else {
        privatefolder::base(&m_folderError);
    }
    if (!m_name.isEmpty()
        && QFile::encodeName(m_name).size()
               >= static_cast<qsizetype>(sizeof(sockaddr_un{}.sun_path))) {
        m_folderError =
            tr("The path of Haul's socket, %1, is too long for a local socket.").arg(m_name);
        m_name.clear();
    }
}

SingleInstance::~SingleInstance()
{
    if (m_server) {
        m_server->close();
    }
}

QString SingleInstance::defaultName()
{
    const QString base = privatefolder::base();
    if (base.isEmpty()) {
        return {};
    }
    const QByteArray hash =
        QCryptographicHash::hash(QDir::homePath().toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(base).filePath(QStringLiteral("haul-%1").arg(QString::fromLatin1(hash.left(12))));
}

SingleInstance::HandOff SingleInstance::handOff(const QStringList& urls, int timeoutMs,
                                                QString* detail)
{
    if (m_name.isEmpty()) {
        if (detail) {
            *detail = m_folderError;
        }
        return HandOff::NobodyListening;
    }
    QLocalSocket socket;
    QEventLoop loop;
    bool acknowledged = false;
    qint64 strangerUid = -2; // -2: the listener was not a stranger
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    // The acknowledgement may arrive together with the server's disconnect; read it either way.
    const auto readAck = [&socket, &loop, &acknowledged] {
        if (socket.bytesAvailable() > 0) {
            acknowledged = socket.read(1) == QByteArray(1, kAck);
        }
        loop.quit();
    };
    connect(&socket, &QLocalSocket::errorOccurred, &loop, readAck);
    connect(&socket, &QLocalSocket::disconnected, &loop, readAck);
    connect(&socket, &QLocalSocket::readyRead, &loop, readAck);
    connect(&socket, &QLocalSocket::connected, &loop, [&socket, &urls, &loop, &strangerUid] {
        // Before a byte goes out: the URLs may carry passwords or signed links.
        const qint64 uid = peerUid(socket);
        if (uid != static_cast<qint64>(::geteuid())) {
            strangerUid = uid;
            socket.abort();
            loop.quit();
            return;
        }
        QByteArray message;
        QDataStream out(&message, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << kMagic << urls;
        socket.write(message);
    });
    timeout.start(timeoutMs);
    socket.connectToServer(m_name);
    if (socket.state() != QLocalSocket::UnconnectedState && strangerUid == -2) {
        loop.exec();
    }
    socket.abort();
    if (strangerUid != -2) {
        if (detail) {
            *detail = strangerUid >= 0
                          ? tr("the socket %1 is held by another user (uid %2), not by a Haul "
                               "of yours")
                                .arg(m_name)
                                .arg(strangerUid)
                          : tr("who holds the socket %1 cannot be told").arg(m_name);
        }
        return HandOff::Stranger;
    }
    return acknowledged ? HandOff::Delivered : HandOff::NobodyListening;
}

bool SingleInstance::sendToRunning(const QStringList& urls, int timeoutMs)
{
    return handOff(urls, timeoutMs) == HandOff::Delivered;
}

bool SingleInstance::listen(QString* error)
{
    if (m_server) {
        return m_server->isListening();
    }
    if (m_name.isEmpty()) {
        if (error) {
            *error = m_folderError;
        }
        return false;
    }
    // Anything at the path but a socket of this user (another user's socket, a file) is left
    // alone, and this instance does without hand-off.
    struct stat info {};
    if (::lstat(QFile::encodeName(m_name).constData(), &info) == 0
        && (!S_ISSOCK(info.st_mode) || info.st_uid != ::geteuid())) {
        if (error) {
            *error = tr("%1 exists and is not a socket of yours; it is left as it is.").arg(m_name);
        }
        return false;
    }
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::handleNewConnection);
    if (m_server->listen(m_name)) {
        return true;
    }
    if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // Nobody answered handOff(), so this user's socket is a crashed instance's leftover.
        QLocalServer::removeServer(m_name);
        if (m_server->listen(m_name)) {
            return true;
        }
    }
    if (error) {
        *error = m_server->errorString();
    }
    return false;
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

void SingleInstance::handleNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (peerUid(*socket) != static_cast<qint64>(::geteuid())) {
            socket->abort(); // only this user's own programs may add downloads here
            socket->deleteLater();
            continue;
        }
        // A client that connects and says nothing is dropped after a while.
        QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->abort(); });
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > kMaxMessageBytes) {
                socket->abort();
                return;
            }
            QDataStream in(socket);
            in.setVersion(QDataStream::Qt_6_0);
            in.startTransaction();
            quint32 magic = 0;
            QStringList urls;
            in >> magic >> urls;
            if (!in.commitTransaction()) {
                return; // the rest is still on its way
            }
            if (magic != kMagic) {
                socket->abort();
                return;
            }
            socket->write(QByteArray(1, kAck));
            socket->flush();
            socket->disconnectFromServer();
            emit urlsReceived(urls);
        });
    }
}

} // namespace haul::app
