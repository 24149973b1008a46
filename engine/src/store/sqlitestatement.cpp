// SPDX-License-Identifier: MIT
#include "store/sqlitestatement.h"

namespace haul::engine::detail {

std::string columnText(sqlite3_stmt* statement, int column)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    if (!text)
        return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

bool Statement::prepare(sqlite3* db, const std::string& sql)
{
    return sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
           == SQLITE_OK;
}

Use::~Use()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

Use& Use::bind(int index, std::int64_t value)
{
    keep(sqlite3_bind_int64(m_statement, index, value));
    return *this;
}

Use& Use::bind(int index, const std::string& text)
{
    keep(sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_STATIC,
                             SQLITE_UTF8));
    return *this;
}

Use& Use::bindCopy(int index, const std::string& text)
{
    keep(sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                             SQLITE_UTF8));
    return *this;
}

Use& Use::bind(int index, const char* constant)
{
    keep(sqlite3_bind_text(m_statement, index, constant, -1, SQLITE_STATIC));
    return *this;
}

int Use::step()
{
    return m_bindError != SQLITE_OK ? m_bindError : sqlite3_step(m_statement);
}

void Use::keep(int code)
{
    if (m_bindError == SQLITE_OK)
        m_bindError = code;
}

} // namespace haul::engine::detail
