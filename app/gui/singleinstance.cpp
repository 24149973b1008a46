// SPDX-License-Identifier: MIT
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QEventLoop>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

namespace haul::app {

namespace {

constexpr int kReadTimeoutMs = 5000;
constexpr qint64 kMaxMessageBytes = 4 * 1024 * 1024;
constexpr char kAck = 'k';

} // namespace

SingleInstance::SingleInstance(const QString& name, QObject* parent) : QObject(parent), m_name(name)
{
}

SingleInstance::~SingleInstance()
{
    if (m_server) {
        m_server->close();
    }
}

QString SingleInstance::defaultName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) {
        user = qEnvironmentVariable("USERNAME");
    }
    const QByteArray hash =
        QCryptographicHash::hash(QDir::homePath().toUtf8(), QCryptographicHash::Sha256).toHex();
    user.remove(QLatin1Char('/'));
    return QStringLiteral("haul-%1-%2").arg(user, QString::fromLatin1(hash.left(12)));
}

bool SingleInstance::sendToRunning(const QStringList& urls, int timeoutMs)
{
    QLocalSocket socket;
    QEventLoop loop;
    bool acknowledged = false;
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
    connect(&socket, &QLocalSocket::connected, &loop, [&socket, &urls] {
        QByteArray message;
        QDataStream out(&message, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_0);
        out << kMagic << urls;
        socket.write(message);
    });
    timeout.start(timeoutMs);
    socket.connectToServer(m_name);
    if (socket.state() != QLocalSocket::UnconnectedState) {
        loop.exec();
    }
    socket.abort();
    return acknowledged;
}

bool SingleInstance::listen(QString* error)
{
    if (m_server) {
        return m_server->isListening();
    }
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::handleNewConnection);
    if (m_server->listen(m_name)) {
        return true;
    }
    if (m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // Nobody answered sendToRunning(), so the socket file is a crashed instance's leftover.
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
        // A client that connects and says nothing is dropped after a while.
        QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->abort(); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
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
