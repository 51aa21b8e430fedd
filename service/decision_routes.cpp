// Routes of `regel serve`: POST /v1/beslut/{regelverk}, POST /v1/batch/{regelverk},
// GET /v1/regelverk, GET /v1/regelverk/{namn}/schema, GET /health, GET /metrics and
// POST /admin/ladda-om.
#include "service/decision_routes.h"

#include <chrono>
#include <string_view>

#include "regel/batch.h"
#include "regel/decide.h"
#include "regel/record.h"
#include "regel/what_if.h"
#include "runtime/base/json_writer.h"
#include "service/http_reply.h"

namespace regel::service {
namespace {

using Clock = std::chrono::steady_clock;

// How a decision is explained in its answer (?förklaring=kort|full|json|brev).
enum class Explanation { Short, Full, Json, Letter };

bool parseExplanation(const httplib::Request& req, Explanation& how, std::string& given) {
  given = req.has_param("förklaring") ? req.get_param_value("förklaring") : "kort";
  if (given == "kort") how = Explanation::Short;
  else if (given == "full") how = Explanation::Full;
  else if (given == "json") how = Explanation::Json;
  else if (given == "brev") how = Explanation::Letter;
  else return false;
  return true;
}

void writeRulesetInfo(rt::JsonWriter& w, const ServedRuleset& served) {
  w.beginObject().field("id", served.id).field("namn", served.ruleset->name()).field("version", served.ruleset->version());
  w.field("sha256", served.sha256).endObject();
}

// The answer to a decided case: which ruleset decided it, the decision, and its explanation.
std::string decisionBody(const ServedRuleset& served, const CaseOutcome& outcome, Explanation how) {
  const Ruleset& ruleset = *served.ruleset;
  rt::JsonWriter w(false);
  w.beginObject().key("regelverk");
  writeRulesetInfo(w, served);
  w.key("beslut").raw(withoutNewline(renderJson(ruleset, outcome, "", false, how == Explanation::Json)));
  switch (how) {
    case Explanation::Short: w.field("förklaring", renderText(ruleset, outcome, outcome.caseId(), false)); break;
    case Explanation::Full:
      w.field("förklaring", renderText(ruleset, outcome, outcome.caseId(), true));
      w.field("vad_skulle_ändra", whatWouldChangeText(ruleset, outcome));
      break;
    case Explanation::Letter: w.field("förklaring", renderLetter(ruleset, outcome, outcome.caseId())); break;
    case Explanation::Json: break;
  }
  w.endObject();
  return w.take() + "\n";
}

// The ruleset the address names ({regelverk}), or null after answering R0902.
const ServedRuleset* findRuleset(const httplib::Request& req, httplib::Response& res, const Catalog& catalog,
                                 ServiceState& state) {
  const std::string name = req.matches[1].str();
  const ServedRuleset* served = catalog.find(name);
  if (!served) sendProblem(res, ErrorKind::UnknownRuleset, {name, catalog.ids()}, state.metrics());
  return served;
}

const char* outcomeLabel(const CaseOutcome& outcome) {
  return outcome.error() ? "körfel" : outcomeName(outcome.outcome());
}

void decide(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  const Clock::time_point start = Clock::now();
  Explanation how{};
  std::string given;
  if (!parseExplanation(req, how, given)) return sendProblem(res, ErrorKind::BadExplanation, {given}, state.metrics());
  const std::shared_ptr<const Catalog> catalog = state.catalog();
  const ServedRuleset* served = findRuleset(req, res, *catalog, state);
  if (!served) return;
  if (req.body.size() > state.limits().maxRequestBytes) {
    return sendProblem(res, ErrorKind::RequestTooLarge, {std::to_string(state.limits().maxRequestBytes)}, state.metrics());
  }
  SessionPool::Lease session = served->sessions->acquire();
  const CaseOutcome& outcome = session->decide(req.body);
  res.set_header("Regel-Regelverk-Sha256", served->sha256);
  if (!outcome.decided()) return sendProblems(res, 422, outcome.problems(), state.metrics());
  if (AuditWriter* audit = state.audit()) {
    std::vector<DecisionRecord> records;
    if (auto record = makeDecisionRecord(*served->ruleset, outcome, req.body, session->options())) {
      records.push_back(std::move(*record));
    }
    AuditProblem problem;
    if (!records.empty() && !audit->write(served->ruleset, records, problem)) {
      return sendProblem(res, ErrorKind::NotLogged, {problem.code + ": " + problem.message}, state.metrics());
    }
  }
  res.set_content(decisionBody(*served, outcome, how), kJsonType);
  if (auto error = outcome.error()) state.metrics().problem(error->code, 200);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
  state.metrics().decided(served->id, outcomeLabel(outcome), static_cast<uint64_t>(micros));
}

class SinkOutput final : public BatchOutput {
 public:
  explicit SinkOutput(httplib::DataSink& sink) : sink_(sink) {}
  bool write(std::string_view bytes) override { return sink_.write(bytes.data(), bytes.size()); }

 private:
  httplib::DataSink& sink_;
};

// The batch's records go to the service's log writer, under the ruleset that decided them.
class WriterRecorder final : public DecisionRecorder {
 public:
  WriterRecorder(AuditWriter& writer, std::shared_ptr<const Ruleset> ruleset) : writer_(writer), ruleset_(std::move(ruleset)) {}
  bool record(std::vector<DecisionRecord>& records) override { return writer_.write(ruleset_, records, problem); }
  AuditProblem problem;

 private:
  AuditWriter& writer_;
  std::shared_ptr<const Ruleset> ruleset_;
};

// JSON Lines in, JSON Lines out (regel-batch/1), streamed as the lines are decided. A batch the
// log refuses stops, and its last line says why ({"avbruten": problem}).
void batch(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  std::shared_ptr<const Catalog> catalog = state.catalog();
  const ServedRuleset* served = findRuleset(req, res, *catalog, state);
  if (!served) return;
  if (req.body.size() > state.limits().maxBatchBytes) {
    return sendProblem(res, ErrorKind::RequestTooLarge, {std::to_string(state.limits().maxBatchBytes)}, state.metrics());
  }
  const bool trace = req.has_param("spår") && req.get_param_value("spår") == "ja";
  res.set_header("Regel-Regelverk-Sha256", served->sha256);
  auto input = std::make_shared<StringInput>(req.body);
  res.set_chunked_content_provider("application/x-ndjson", [&state, catalog, served, input, trace](size_t, httplib::DataSink& sink) {
    BatchOptions options;
    options.decide.trace = trace;
    std::unique_ptr<WriterRecorder> recorder;
    if (state.audit()) recorder = std::make_unique<WriterRecorder>(*state.audit(), served->ruleset);
    options.recorder = recorder.get();
    SinkOutput output(sink);
    const BatchSummary summary = runBatch(*served->ruleset, *input, output, options);
    for (size_t i = 0; i < kOutcomeCount; ++i) {
      state.metrics().decidedInBatch(served->id, outcomeName(static_cast<Outcome>(i)), summary.outcomes[i]);
    }
    if (summary.recordFailed) {
      const Problem problem = makeProblem(ErrorKind::NotLogged, {recorder->problem.code + ": " + recorder->problem.message});
      rt::JsonWriter w(false);
      w.beginObject().field("schema", "regel-batch/1").key("avbruten");
      writeProblem(w, problem);
      w.endObject();
      const std::string line = w.take() + "\n";
      sink.write(line.data(), line.size());
      state.metrics().problem(problem.code, 200);
    }
    sink.done();
    return true;
  });
}

void listRulesets(httplib::Response& res, ServiceState& state) {
  const std::shared_ptr<const Catalog> catalog = state.catalog();
  rt::JsonWriter w(false);
  w.beginObject().key("regelverk").beginArray();
  for (const auto& served : catalog->rulesets) writeRulesetInfo(w, *served);
  w.endArray().endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

void schema(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  const std::shared_ptr<const Catalog> catalog = state.catalog();
  const ServedRuleset* served = findRuleset(req, res, *catalog, state);
  if (!served) return;
  res.set_header("Regel-Regelverk-Sha256", served->sha256);
  res.set_content(served->inputSchema + "\n", "application/schema+json; charset=utf-8");
}

void health(httplib::Response& res, ServiceState& state) {
  const std::shared_ptr<const Catalog> catalog = state.catalog();
  rt::JsonWriter w(false);
  w.beginObject().field("status", "ok").field("regelverk", int64_t(catalog->rulesets.size()));
  w.field("generation", int64_t(catalog->generation)).endObject();
  res.set_content(w.take() + "\n", kJsonType);
}

void reload(httplib::Response& res, ServiceState& state) {
  Problem problem;
  if (!state.reload(problem)) return sendProblems(res, httpStatus(ErrorKind::ReloadFailed), {problem}, state.metrics());
  health(res, state);
}

}  // namespace

void addDecisionRoutes(httplib::Server& server, ServiceState& state) {
  server.Post(R"(/v1/beslut/([^/]+))", [&state](const httplib::Request& req, httplib::Response& res) { decide(req, res, state); });
  server.Post(R"(/v1/batch/([^/]+))", [&state](const httplib::Request& req, httplib::Response& res) { batch(req, res, state); });
  server.Get("/v1/regelverk", [&state](const httplib::Request&, httplib::Response& res) { listRulesets(res, state); });
  server.Get(R"(/v1/regelverk/([^/]+)/schema)", [&state](const httplib::Request& req, httplib::Response& res) { schema(req, res, state); });
  server.Get("/health", [&state](const httplib::Request&, httplib::Response& res) { health(res, state); });
  server.Get("/metrics", [&state](const httplib::Request&, httplib::Response& res) {
    res.set_content(state.metrics().render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Post("/admin/ladda-om", [&state](const httplib::Request&, httplib::Response& res) { reload(res, state); });
}

}  // namespace regel::service
