// SPDX-License-Identifier: MIT
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace haul::engine::detail {

// RAII for prepared SQLite statements: Statement owns one for the life of its connection, Use is
// one run of it (bind, step, read columns) and resets it when the scope ends. Internal to the
// engine; Store is its only user.
//
// Threads: not thread-safe, like the connection they belong to; Store's mutex serializes every
// use.

// The text of a column of the current row, "" for NULL.
std::string columnText(sqlite3_stmt* statement, int column);

// Owns one prepared statement for the life of the Store.
class Statement {
public:
    Statement() = default;
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepare(sqlite3* db, const std::string& sql);
    sqlite3_stmt* get() const { return m_statement; }

private:
    sqlite3_stmt* m_statement = nullptr;
};

// One use of a prepared statement. The destructor resets it: a SELECT left un-reset keeps its
// read transaction open, which pins an old snapshot (the other process's writes would stay
// invisible) and stops WAL checkpoints, so the -wal file would grow without bound.
class Use {
public:
    explicit Use(const Statement& statement) : m_statement(statement.get()) {}
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

    Use& bind(int index, std::int64_t value);
    // The text must live until the statement is done: callers bind their own arguments.
    Use& bind(int index, const std::string& text);
    // Bound without a copy, so only for text that lives as long as the program (a constant).
    Use& bind(int index, const char* constant);
    // SQLite keeps a copy: for text that does not outlive the statement's step (a temporary).
    Use& bindCopy(int index, const std::string& text);
    // SQLITE_ROW, SQLITE_DONE or an error code; a failed bind is reported here, once.
    int step();
    sqlite3_stmt* get() const { return m_statement; }

private:
    void keep(int code);

    sqlite3_stmt* m_statement;
    int m_bindError = SQLITE_OK;
};

} // namespace haul::engine::detail
