// Routes of `regel playground`: GET / (the page), GET /v1/lekplats/regelverk[/{namn}], and POST
// /v1/lekplats/kontroll, /beslut and /exempel on rules sent in the request.
#include "service/playground_routes.h"

#include <simdjson.h>

#include <map>
#include <optional>
#include <string_view>

#include "regel/decide.h"
#include "regel/examples.h"
#include "regel/index.h"
#include "regel/schema.h"
#include "regel/what_if.h"
#include "runtime/base/json_writer.h"
#include "service/embedded.h"
#include "service/http_reply.h"

namespace regel::service {
namespace {

// What the editor's rules are called in diagnostics and the trace.
constexpr const char* kEditorFile = "lekplats.regel";

struct BundledRuleset {
  std::string id;     // the folder: "forsorjningsstod"
  std::string file;   // "forsorjningsstod.regel"
  std::string title;  // the declared name: "Försörjningsstöd"
  std::string_view source;
  std::vector<std::pair<std::string, std::string_view>> cases;  // ("2023-0001", JSON)
};

std::string stem(std::string_view name) {
  const size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return std::string(name.substr(0, name.rfind('.')));
}

// The bundled rulesets, from the files embedded at build time; each is compiled once for its name.
std::vector<BundledRuleset> bundledRulesets() {
  std::map<std::string, BundledRuleset> byId;
  for (const EmbeddedFile* f = kBundledRulesets; !f->name.empty(); ++f) {
    const std::string id(f->name.substr(0, f->name.find('/')));
    BundledRuleset& bundled = byId[id];
    bundled.id = id;
    if (f->name.ends_with(".regel")) {
      bundled.file = std::string(f->name.substr(f->name.rfind('/') + 1));
      bundled.source = f->bytes;
      const CompileResult compiled = compileSource(bundled.file, std::string(f->bytes));
      bundled.title = compiled.ruleset ? compiled.ruleset->name() : id;
    } else if (f->name.ends_with(".json")) {
      bundled.cases.emplace_back(stem(f->name), f->bytes);
    }
  }
  std::vector<BundledRuleset> out;
  for (auto& [id, bundled] : byId) {
    if (!bundled.source.empty()) out.push_back(std::move(bundled));
  }
  return out;
}

struct EditorRequest {
  std::string source;
  std::string caseJson;  // the case's object as the request's text has it (beslut only)
  std::optional<std::string> date;
};

// Reads {"källkod": "…", "ärende": {…}, "datum": "…"}; false after answering the problem. The case
// is kept as the request gave it (its exact text), for the case reader reads numbers exactly.
bool readRequest(const httplib::Request& req, httplib::Response& res, ServiceState& state, bool withCase, EditorRequest& out) {
  if (req.body.size() > state.limits().maxRequestBytes) {
    sendProblem(res, ErrorKind::RequestTooLarge, {std::to_string(state.limits().maxRequestBytes)}, state.metrics());
    return false;
  }
  const simdjson::padded_string body(req.body);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object root;
  bool haveSource = false;
  bool haveCase = false;
  auto error = parser.iterate(body).get(doc);
  if (!error) error = doc.get_object().get(root);
  if (!error) {
    for (auto field : root) {
      std::string_view key;
      if ((error = field.unescaped_key().get(key))) break;
      std::string_view text;
      if (key == "källkod") {
        haveSource = !field.value().get_string().get(text);
        out.source = std::string(text);
      } else if (key == "ärende" && withCase) {
        simdjson::ondemand::object caseObject;
        haveCase = !field.value().get_object().get(caseObject) && !caseObject.raw_json().get(text);
        out.caseJson = std::string(text);
      } else if (key == "datum" && withCase && !field.value().get_string().get(text) && !text.empty()) {
        out.date = std::string(text);
      }
    }
  }
  if (error) {
    sendProblem(res, ErrorKind::BadRequestJson, {simdjson::error_message(error)}, state.metrics());
    return false;
  }
  if (!haveSource) {
    sendProblem(res, ErrorKind::MissingMember, {"\"källkod\"", "en text med reglerna"}, state.metrics());
    return false;
  }
  if (withCase && !haveCase) {
    sendProblem(res, ErrorKind::MissingMember, {"\"ärende\"", "ett JSON-objekt med ärendets uppgifter"}, state.metrics());
    return false;
  }
  if (out.date && !validDecisionDate(*out.date)) {
    sendProblem(res, ErrorKind::MissingMember, {"\"datum\"", "ett datum ÅÅÅÅ-MM-DD"}, state.metrics());
    return false;
  }
  return true;
}

void writeDiagnostics(rt::JsonWriter& w, const CompileResult& compiled) {
  w.key("diagnostiker").beginArray();
  for (const Diagnostic& d : compiled.diagnostics) writeDiagnostic(w, d);
  w.endArray();
}

// Rules that do not compile: 422 with their errors as problems, and every diagnostic.
void sendCompileErrors(httplib::Response& res, const CompileResult& compiled, ServiceState& state) {
  rt::JsonWriter w(false);
  w.beginObject().key("fel").beginArray();
  for (const Diagnostic& d : compiled.diagnostics) {
    if (!d.error) continue;
    writeProblem(w, Problem{d.code, d.message, d.args, "", d.location});
    state.metrics().problem(d.code, 422);
  }
  w.endArray();
  writeDiagnostics(w, compiled);
  w.endObject();
  res.status = 422;
  res.set_content(w.take() + "\n", kJsonType);
}

void check(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  EditorRequest request;
  if (!readRequest(req, res, state, false, request)) return;
  CompileOptions options;
  options.index = true;  // the editor's tooltips and "go to definition", also while there are errors
  const CompileResult compiled = compileSource(kEditorFile, request.source, options);
  rt::JsonWriter w(false);
  w.beginObject().field("fel", int64_t(compiled.errors)).field("varningar", int64_t(compiled.warnings));
  w.field("sammanfattning", diagnosticSummary(compiled.errors, compiled.warnings));
  writeDiagnostics(w, compiled);
  w.key("indata");
  compiled.ruleset ? w.raw(inputJsonSchema(*compiled.ruleset)) : w.null();
  w.field("exempel", int64_t(compiled.examples));
  w.key("index");
  compiled.index ? w.raw(withoutNewline(renderIndexJson(*compiled.index, false))) : w.null();
  w.endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

void decide(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  EditorRequest request;
  if (!readRequest(req, res, state, true, request)) return;
  const CompileResult compiled = compileSource(kEditorFile, request.source);
  if (!compiled.ruleset) return sendCompileErrors(res, compiled, state);
  const Ruleset& ruleset = *compiled.ruleset;
  DecideOptions options;
  options.trace = true;
  options.date = request.date;
  const CaseOutcome outcome = decideJson(ruleset, request.caseJson, options);
  if (!outcome.decided()) return sendProblems(res, 422, outcome.problems(), state.metrics());
  rt::JsonWriter w(false);
  w.beginObject().key("beslut").raw(withoutNewline(renderJson(ruleset, outcome, kEditorFile, false)));
  w.field("förklaring", renderText(ruleset, outcome, outcome.caseId(), true));
  w.field("vad_skulle_ändra", whatWouldChangeText(ruleset, outcome)).endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

const char* coverageKind(CoverageItem::Kind kind) {
  switch (kind) {
    case CoverageItem::Kind::Rule: return "regel";
    case CoverageItem::Kind::Exception: return "undantag";
    case CoverageItem::Kind::Branch: return "gren";
    case CoverageItem::Kind::TableRow: return "tabellrad";
  }
  return "regel";
}

void runExamplesRoute(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  EditorRequest request;
  if (!readRequest(req, res, state, false, request)) return;
  const ExampleReport report = runExamplesSource(kEditorFile, request.source);
  if (report.compile.errors > 0) return sendCompileErrors(res, report.compile, state);
  rt::JsonWriter w(false);
  w.beginObject().field("godkända", int64_t(report.passed)).field("underkända", int64_t(report.failed));
  w.key("resultat").beginArray();
  for (const ExampleResult& r : report.results) {
    w.beginObject().field("titel", r.title).field("rad", int64_t(r.location.line)).fieldBool("godkänd", r.passed);
    w.key("avvikelser").beginArray();
    for (const auto& m : r.mismatches) w.string(m);
    w.endArray().endObject();
  }
  w.endArray();
  w.key("täckning").beginObject().field("text", renderCoverage(report.coverage));
  w.field("täckta", int64_t(report.coverage.covered())).field("totalt", int64_t(report.coverage.total()));
  w.key("poster").beginArray();
  for (const CoverageItem& item : report.coverage.items) {
    w.beginObject().field("slag", coverageKind(item.kind)).field("beskrivning", item.description);
    w.field("rad", int64_t(item.location.line)).fieldBool("täckt", item.covered).endObject();
  }
  w.endArray().endObject().endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

void listBundled(httplib::Response& res, const std::vector<BundledRuleset>& bundled) {
  rt::JsonWriter w(false);
  w.beginObject().key("regelverk").beginArray();
  for (const auto& b : bundled) w.beginObject().field("namn", b.id).field("titel", b.title).field("fil", b.file).endObject();
  w.endArray().endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

void showBundled(const httplib::Request& req, httplib::Response& res, const std::vector<BundledRuleset>& bundled,
                 ServiceState& state) {
  const std::string name = req.matches[1].str();
  for (const auto& b : bundled) {
    if (b.id != name) continue;
    rt::JsonWriter w(false);
    w.beginObject().field("namn", b.id).field("titel", b.title).field("fil", b.file).field("källkod", b.source);
    w.key("ärenden").beginArray();
    for (const auto& [caseName, json] : b.cases) w.beginObject().field("namn", caseName).key("ärende").raw(json).endObject();
    w.endArray().endObject();
    res.set_content(w.take() + "\n", kJsonType);
    return;
  }
  std::string names;
  for (const auto& b : bundled) names += (names.empty() ? "" : ", ") + b.id;
  sendProblem(res, ErrorKind::UnknownRuleset, {name, names}, state.metrics());
}

const char* contentType(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

void asset(const std::string& name, httplib::Response& res, ServiceState& state) {
  for (const EmbeddedFile* f = kPlaygroundAssets; !f->name.empty(); ++f) {
    if (f->name != name) continue;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(f->bytes), contentType(name));
    return;
  }
  if (kPlaygroundAssets[0].name.empty()) {
    return sendProblem(res, ErrorKind::NotBuiltIn,
                       {"lekplatsens webbsida", "den byggdes utan Node.js och lekplatsens npm-paket (kör scripts/install-deps.sh)"},
                       state.metrics());
  }
  sendProblem(res, ErrorKind::NoSuchAddress, {"GET", "/" + name}, state.metrics());
}

}  // namespace

void addPlaygroundRoutes(httplib::Server& server, ServiceState& state) {
  auto bundled = std::make_shared<const std::vector<BundledRuleset>>(bundledRulesets());
  server.Get("/", [&state](const httplib::Request&, httplib::Response& res) { asset("index.html", res, state); });
  server.Get(R"(/(app\.js|app\.css))", [&state](const httplib::Request& req, httplib::Response& res) {
    asset(req.matches[1].str(), res, state);
  });
  server.Get("/v1/lekplats/regelverk", [bundled](const httplib::Request&, httplib::Response& res) { listBundled(res, *bundled); });
  server.Get(R"(/v1/lekplats/regelverk/([^/]+))", [bundled, &state](const httplib::Request& req, httplib::Response& res) {
    showBundled(req, res, *bundled, state);
  });
  server.Post("/v1/lekplats/kontroll", [&state](const httplib::Request& req, httplib::Response& res) { check(req, res, state); });
  server.Post("/v1/lekplats/beslut", [&state](const httplib::Request& req, httplib::Response& res) { decide(req, res, state); });
  server.Post("/v1/lekplats/exempel", [&state](const httplib::Request& req, httplib::Response& res) {
    runExamplesRoute(req, res, state);
  });
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("{\"status\":\"ok\"}\n", kJsonType); });
}

}  // namespace regel::service
