// The RAII layer over libpq (pg_db.h).
#include "audit/pg_db.h"

#include <cstdlib>
#include <cstring>

namespace regel::audit {

namespace {

// Type OIDs of the parameters we bind: fixed in PostgreSQL's catalog (pg_type.dat) since 7.x;
// the server headers that name them are not part of libpq-dev.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// PostgreSQL's failures that people meet, by SQLSTATE (its class, the first two characters, where
// the whole code is not listed), in Swedish; the server's text follows in parentheses.
const char* swedishReason(const std::string& state) {
  if (state == "53100") return "disken är full";
  if (state == "25006") return "databasen är skrivskyddad";
  if (state == "42P01") return "en av loggens tabeller saknas";
  if (state == "55P03") return "loggen är låst av en annan process";
  if (state == "P0001") return "posten bryter mot loggens regler";
  const std::string cls = state.substr(0, 2);
  if (cls == "08") return "förbindelsen med databasen bröts";
  if (cls == "28" || state == "42501") return "åtkomst nekas";
  if (cls == "53") return "databasen har slut på resurser";
  if (cls == "23") return "posten bryter mot loggens regler";
  if (cls == "40") return "krock med en annan transaktion";
  if (cls == "57") return "databasen avbröt frågan";
  if (cls == "22") return "ett värde kan inte lagras";
  return "databasfel";
}

// libpq's messages span lines ("…failed: FATAL:  …\n\tIs the server running…"): one line.
std::string oneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string percentDecoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string hex(text.substr(i + 1, 2));
      char* end = nullptr;
      const long v = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// A URL taken apart as far as its passwords go: user:password@ in the authority, and password=
// among the query's parameters.
struct UrlParts {
  std::string redacted;
  std::vector<std::string> passwords;  // as written and percent-decoded
};

UrlParts splitUrl(std::string_view url) {
  UrlParts parts;
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {std::string(url), {}};
  const size_t start = scheme + 3;
  const size_t authorityEnd = std::min(url.find_first_of("/?", start), url.size());
  std::string_view authority = url.substr(start, authorityEnd - start);
  parts.redacted = std::string(url.substr(0, start));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) parts.passwords.emplace_back(userinfo.substr(colon + 1));
    parts.redacted += std::string(userinfo.substr(0, colon)) + "@";
    authority = authority.substr(at + 1);
  }
  parts.redacted += std::string(authority);
  const size_t query = url.find('?', authorityEnd);
  parts.redacted += std::string(url.substr(authorityEnd, std::min(query, url.size()) - authorityEnd));
  if (query == std::string_view::npos) return parts;
  std::string kept;
  std::string_view rest = url.substr(query + 1);
  while (!rest.empty()) {
    const size_t amp = std::min(rest.find('&'), rest.size());
    const std::string_view param = rest.substr(0, amp);
    const size_t eq = param.find('=');
    if (percentDecoded(param.substr(0, eq)) == "password") {
      if (eq != std::string_view::npos) parts.passwords.emplace_back(param.substr(eq + 1));
    } else if (!param.empty()) {
      kept += (kept.empty() ? "" : "&") + std::string(param);
    }
    rest = rest.substr(std::min(amp + 1, rest.size()));
  }
  if (!kept.empty()) parts.redacted += "?" + kept;
  const size_t written = parts.passwords.size();
  for (size_t i = 0; i < written; ++i) parts.passwords.push_back(percentDecoded(parts.passwords[i]));
  return parts;
}

}  // namespace

std::string redactPostgresUrl(std::string_view url) { return splitUrl(url).redacted; }

void PgParams::add(Oid type, std::optional<std::string> value, int format) {
  lengths_.push_back(value ? static_cast<int>(value->size()) : 0);
  values_.push_back(std::move(value));
  types_.push_back(type);
  formats_.push_back(format);
}

PgParams& PgParams::text(std::string_view value) {
  add(kTextOid, std::string(value), 1);
  return *this;
}
PgParams& PgParams::textOrNull(std::string_view value) {
  if (value.empty()) {
    add(kTextOid, std::nullopt, 1);
    return *this;
  }
  return text(value);
}
PgParams& PgParams::bytes(std::string_view value) {
  add(kByteaOid, std::string(value), 1);
  return *this;
}
PgParams& PgParams::integer(int64_t value) {
  add(kInt8Oid, std::to_string(value), 0);
  return *this;
}
PgParams& PgParams::integer(const std::optional<int64_t>& value) {
  if (!value) {
    add(kInt8Oid, std::nullopt, 0);
    return *this;
  }
  return integer(*value);
}
PgParams& PgParams::boolean(bool value) {
  add(kBoolOid, std::string(value ? "t" : "f"), 0);
  return *this;
}

std::vector<const char*> PgParams::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->data() : nullptr);
  return out;
}

bool PgResult::ok() const {
  const ExecStatusType status = result_ != nullptr ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string PgResult::sqlState() const {
  const char* state = result_ != nullptr ? PQresultErrorField(result_, PG_DIAG_SQLSTATE) : nullptr;
  return state != nullptr ? state : "";
}

std::string PgResult::error() const {
  const char* primary = result_ != nullptr ? PQresultErrorField(result_, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary != nullptr ? primary : (result_ != nullptr ? PQresultErrorMessage(result_) : "");
  if (message.empty()) message = "inget svar från servern";
  return std::string(swedishReason(sqlState())) + " (PostgreSQL: " + oneLine(message) + ")";
}

std::string PgResult::text(int row, int col) const {
  if (isNull(row, col)) return {};
  return std::string(PQgetvalue(result_, row, col), static_cast<size_t>(PQgetlength(result_, row, col)));
}

std::string PgResult::bytes(int row, int col) const {
  if (isNull(row, col)) return {};
  size_t length = 0;
  unsigned char* decoded = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, col)), &length);
  if (decoded == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(decoded), length);
  PQfreemem(decoded);
  return out;
}

std::string PgResult::command() const { return result_ != nullptr ? PQcmdStatus(result_) : ""; }

int64_t PgResult::integer(int row, int col) const { return std::strtoll(PQgetvalue(result_, row, col), nullptr, 10); }

std::optional<int64_t> PgResult::optionalInteger(int row, int col) const {
  if (isNull(row, col)) return std::nullopt;
  return integer(row, col);
}

bool PgResult::boolean(int row, int col) const { return std::strcmp(PQgetvalue(result_, row, col), "t") == 0; }

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::open(const std::string& url) {
  // Keywords are applied in order, the URL expanded in place of dbname: the URL's own
  // connect_timeout and application_name win over these defaults, but the log is always UTF-8.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"10", "regel", url.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) {
    // The server's notices ("drop cascades to …") are no business of the people reading regel's
    // output; errors come with their results.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    return true;
  }
  // libpq may quote the URL in its message (an invalid one): never the password.
  const UrlParts parts = splitUrl(url);
  std::string message = oneLine(conn_ != nullptr ? PQerrorMessage(conn_) : "libpq har slut på minne");
  for (size_t at; !url.empty() && (at = message.find(url)) != std::string::npos;) message.replace(at, url.size(), parts.redacted);
  for (const std::string& secret : parts.passwords) {
    for (size_t at; !secret.empty() && (at = message.find(secret)) != std::string::npos;) message.replace(at, secret.size(), "***");
  }
  openError_ = "kan inte ansluta till PostgreSQL (libpq: " + message + ")";
  PQfinish(conn_);
  conn_ = nullptr;
  return false;
}

PgResult PgConnection::exec(const char* sql) const {
  PGresult* r = PQexec(conn_, sql);
  return PgResult(r != nullptr ? r : PQmakeEmptyPGresult(conn_, PGRES_FATAL_ERROR));
}

PgResult PgConnection::exec(const char* sql, const PgParams& params) const {
  const std::vector<const char*> values = params.pointers();
  PGresult* r = PQexecParams(conn_, sql, params.size(), params.types(), values.data(), params.lengths(),
                             params.formats(), 0);
  return PgResult(r != nullptr ? r : PQmakeEmptyPGresult(conn_, PGRES_FATAL_ERROR));
}

std::string PgConnection::error() const { return openError_; }

PgTransaction::PgTransaction(const PgConnection& db, const char* begin) : db_(db) {
  const PgResult r = db_.exec(begin);
  begun_ = r.ok();
  if (!begun_) error = r.error();
}

PgTransaction::~PgTransaction() {
  if (begun_ && !done_) db_.exec("ROLLBACK");
}

bool PgTransaction::commit() {
  if (!begun_ || done_) return false;
  const PgResult r = db_.exec("COMMIT");
  done_ = true;
  // COMMIT of a transaction that failed succeeds as ROLLBACK: that is no commit.
  if (r.ok() && r.command() == "COMMIT") return true;
  error = r.ok() ? "transaktionen rullades tillbaka" : r.error();
  return false;
}

}  // namespace regel::audit
