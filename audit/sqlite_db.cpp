// The RAII layer over SQLite (sqlite_db.h).
#include "audit/sqlite_db.h"

namespace regel::audit {

namespace {

// SQLite's failures that people meet, in Swedish; SQLite's own text follows in parentheses.
const char* swedishReason(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL: return "disken eller loggen är full";
    case SQLITE_READONLY: return "filen är skrivskyddad";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "loggen är låst av en annan process";
    case SQLITE_CANTOPEN: return "filen kan inte öppnas";
    case SQLITE_NOTADB: return "filen är ingen SQLite-databas";
    case SQLITE_CORRUPT: return "filen är skadad";
    case SQLITE_IOERR: return "fel vid läsning eller skrivning";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "åtkomst nekas";
    case SQLITE_CONSTRAINT: return "posten bryter mot loggens regler";
    default: return "databasfel";
  }
}

}  // namespace

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

bool Database::open(const std::string& path, bool create, bool readOnly) {
  int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !readOnly) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    openError_ = std::string(swedishReason(rc)) + " (SQLite: " + (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)) + ")";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return false;
  }
  sqlite3_extended_result_codes(db_, 1);
  // Another writer (a second `regel run --audit`) holds the lock only while it appends.
  sqlite3_busy_timeout(db_, 10000);
  return true;
}

bool Database::exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

std::string Database::error() const {
  if (db_ == nullptr) return openError_;
  return std::string(swedishReason(sqlite3_extended_errcode(db_))) + " (SQLite: " + sqlite3_errmsg(db_) + ")";
}

Statement::Statement(Database& db, const char* sql) {
  if (db.handle() == nullptr || sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::string_view text) {
  sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Statement& Statement::bind(int i, int64_t value) {
  sqlite3_bind_int64(stmt_, i, value);
  return *this;
}
Statement& Statement::bindBlob(int i, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}
Statement& Statement::bind(int i, const std::optional<int64_t>& value) {
  return value ? bind(i, *value) : bindNull(i);
}
Statement& Statement::bindOrNull(int i, std::string_view text) { return text.empty() ? bindNull(i) : bind(i, text); }

int Statement::step() { return stmt_ != nullptr ? sqlite3_step(stmt_) : SQLITE_MISUSE; }

void Statement::reset() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int i) const {
  const auto* p = sqlite3_column_text(stmt_, i);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

std::string Statement::blob(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  if (p == nullptr) return {};
  return std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

int64_t Statement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

std::optional<int64_t> Statement::optionalInteger(int i) const {
  if (isNull(i)) return std::nullopt;
  return integer(i);
}

bool Statement::isNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

Transaction::Transaction(Database& db) : db_(db) { begun_ = db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (begun_ && !done_) db_.exec("ROLLBACK");
}

bool Transaction::commit() {
  if (!begun_ || done_) return false;
  done_ = db_.exec("COMMIT");
  return done_;
}

}  // namespace regel::audit
