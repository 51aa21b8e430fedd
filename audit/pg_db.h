// A thin RAII layer over libpq for the decision log on PostgreSQL: a connection, results with
// typed columns, parameters always bound (never spliced into SQL), and failures in Swedish with
// libpq's own message. SQL stays SQL; nothing here builds it.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel::audit {

// The URL with its password left out (user:password@ and a password= parameter): what is shown
// to people of a PostgreSQL URL.
std::string redactPostgresUrl(std::string_view url);

// One query's parameters, bound in order as $1, $2, … with their types given, so that a
// parameter compared with NULL or used twice needs no cast. Texts and bytes go in binary format:
// their exact bytes, a NUL included, reach the server (which refuses text that is no UTF-8).
class PgParams {
 public:
  PgParams& text(std::string_view value);
  PgParams& textOrNull(std::string_view value);  // NULL when empty
  PgParams& bytes(std::string_view value);
  PgParams& integer(int64_t value);
  PgParams& integer(const std::optional<int64_t>& value);
  PgParams& boolean(bool value);

  int size() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const int* formats() const { return formats_.data(); }
  const int* lengths() const { return lengths_.data(); }
  // Pointers into this object: valid while it is neither changed nor moved.
  std::vector<const char*> pointers() const;

 private:
  void add(Oid type, std::optional<std::string> value, int format);
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_, lengths_;
};

// One result; columns read as text (the server's text format), bytea decoded.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  ~PgResult() { PQclear(result_); }
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult& operator=(PgResult&&) = delete;

  // Whether the command succeeded (with or without rows).
  bool ok() const;
  int rows() const { return ok() ? PQntuples(result_) : 0; }
  // The command tag ("COMMIT", "INSERT 0 1").
  std::string command() const;
  // The five-character SQLSTATE of a failure ("53100"), empty when none.
  std::string sqlState() const;
  // The failure in Swedish, with the server's message: "åtkomst nekas (PostgreSQL: …)".
  std::string error() const;

  bool isNull(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }
  std::string text(int row, int col) const;  // NULL reads as empty
  std::string bytes(int row, int col) const;  // bytea, decoded
  int64_t integer(int row, int col) const;
  std::optional<int64_t> optionalInteger(int row, int col) const;
  bool boolean(int row, int col) const;

 private:
  PGresult* result_;
};

class PgConnection {
 public:
  PgConnection() = default;
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Connects to `url` (postgresql://… or a key=value string), in UTF-8. False with error() set.
  bool open(const std::string& url);
  PgResult exec(const char* sql) const;
  PgResult exec(const char* sql, const PgParams& params) const;
  // libpq's message for a failure to connect, in Swedish (results carry their own errors).
  std::string error() const;
  PGconn* handle() const { return conn_; }

 private:
  PGconn* conn_ = nullptr;
  std::string openError_;
};

// BEGIN … COMMIT, rolled back unless commit() succeeded. `error` keeps the failing result's error.
class PgTransaction {
 public:
  explicit PgTransaction(const PgConnection& db, const char* begin = "BEGIN");
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  bool begun() const { return begun_; }
  bool commit();
  std::string error;

 private:
  const PgConnection& db_;
  bool begun_ = false;
  bool done_ = false;
};

}  // namespace regel::audit
