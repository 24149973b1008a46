// SPDX-License-Identifier: MIT
#include <haul/server/httpserver.h>

#include "httprequest.h"
#include "serverstate.h"

namespace haul::server {

std::optional<std::string> RequestRecord::header(std::string_view name) const
{
    for (const auto& [key, value] : headers)
        if (detail::equalsIgnoreCase(key, name))
            return value;
    return std::nullopt;
}

HttpServer::HttpServer(ServerOptions options)
    : m_state(std::make_unique<detail::ServerState>(options))
{
}

HttpServer::~HttpServer()
{
    stop();
}

bool HttpServer::start()
{
    return m_state->start();
}

void HttpServer::stop()
{
    m_state->stop();
}

bool HttpServer::isRunning() const
{
    return m_state->isRunning();
}

std::string HttpServer::error() const
{
    return m_state->error();
}

std::uint16_t HttpServer::port() const
{
    return m_state->port();
}

std::string HttpServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(port());
}

std::string HttpServer::url(std::string_view path) const
{
    return baseUrl() + std::string(path);
}

void HttpServer::addResource(std::string path, Resource resource)
{
    m_state->addResource(std::move(path), std::move(resource));
}

bool HttpServer::removeResource(const std::string& path)
{
    return m_state->removeResource(path);
}

void HttpServer::clearResources()
{
    m_state->clearResources();
}

bool HttpServer::releaseGate(const std::string& path)
{
    return m_state->releaseGate(path);
}

int HttpServer::heldAtGate(const std::string& path) const
{
    return m_state->heldAtGate(path);
}

std::uint64_t HttpServer::requestCount() const
{
    return m_state->requestCount();
}

std::uint64_t HttpServer::requestCount(const std::string& path) const
{
    return m_state->requestCount(path);
}

std::uint64_t HttpServer::connectionsAccepted() const
{
    return m_state->connectionsAccepted();
}

int HttpServer::openConnections() const
{
    return m_state->openConnections();
}

std::vector<RequestRecord> HttpServer::requests() const
{
    return m_state->requests();
}

void HttpServer::clearRequests()
{
    m_state->clearRequests();
}

std::optional<std::string> HttpServer::lastRangeHeader(const std::string& path) const
{
    return m_state->lastRangeHeader(path);
}

} // namespace haul::server
