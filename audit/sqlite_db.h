// A thin RAII layer over SQLite's C API for the decision log: a connection, prepared statements
// with typed binds and columns, and errors as messages. SQL stays SQL; nothing here builds it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regel::audit {

class Statement;

class Database {
 public:
  Database() = default;
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens `path` (read-write; created when `create`). False with error() set on failure.
  bool open(const std::string& path, bool create, bool readOnly);
  // Runs SQL without results (several statements allowed). False with error() set.
  bool exec(const char* sql);
  sqlite3* handle() const { return db_; }
  // SQLite's message for the last failure on this connection.
  std::string error() const;
  // Whether the last failure was the disk or database being full, or the file read-only.
  int lastCode() const { return db_ ? sqlite3_extended_errcode(db_) : SQLITE_CANTOPEN; }

 private:
  sqlite3* db_ = nullptr;
  std::string openError_;
};

// One prepared statement; reset() makes it ready to bind and run again.
class Statement {
 public:
  Statement(Database& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  // Binds are 1-based, as in SQLite.
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, int64_t value);
  Statement& bindBlob(int i, std::string_view bytes);
  Statement& bindNull(int i);
  Statement& bind(int i, const std::optional<int64_t>& value);
  // Text bound as NULL when empty.
  Statement& bindOrNull(int i, std::string_view text);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  // Runs a statement without rows to its end: false on error.
  bool run() { return step() == SQLITE_DONE; }
  void reset();

  // Columns are 0-based, as in SQLite. NULL reads as empty / nullopt.
  std::string text(int i) const;
  std::string blob(int i) const;
  int64_t integer(int i) const;
  std::optional<int64_t> optionalInteger(int i) const;
  bool isNull(int i) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  bool begun() const { return begun_; }
  bool commit();

 private:
  Database& db_;
  bool begun_ = false;
  bool done_ = false;
};

}  // namespace regel::audit
