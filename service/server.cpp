// The HTTP server shared by `regel serve` and `regel playground`.
#include "service/server.h"

#include <httplib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <thread>

#include "service/http_reply.h"
#include "runtime/base/system_error.h"

namespace regel::service {
namespace {

bool needsToken(const std::string& path) { return path.rfind("/v1/", 0) == 0 || path.rfind("/admin/", 0) == 0; }

// What httplib answers by itself (a route that does not exist, a body over the limit, a request
// it cannot parse) gets the JSON body every other problem has.
httplib::Server::HandlerResponse fillProblem(const httplib::Request& req, httplib::Response& res, ServiceState& state) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  const int status = res.status;
  if (status == 404) {
    sendProblem(res, ErrorKind::NoSuchAddress, {req.method, req.path}, state.metrics());
  } else if (status == 413 && req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    // cpp-httplib's own limit for form bodies, far below ours: a case sent with curl's default
    // content type reaches it.
    sendProblem(res, ErrorKind::BadRequest,
                {"en kropp av typen application/x-www-form-urlencoded tas bara emot upp till " +
                 std::to_string(CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH) +
                 " byte; skicka ärendet med Content-Type: application/json"},
                state.metrics());
  } else if (status == 413) {
    const bool batch = req.path.rfind("/v1/batch/", 0) == 0;
    const size_t limit = batch ? state.limits().maxBatchBytes : state.limits().maxRequestBytes;
    sendProblem(res, ErrorKind::RequestTooLarge, {std::to_string(limit)}, state.metrics());
  } else {
    sendProblem(res, ErrorKind::BadRequest, {"HTTP-status " + std::to_string(status)}, state.metrics());
  }
  res.status = status;
  return httplib::Server::HandlerResponse::Handled;
}

void answerException(httplib::Response& res, std::exception_ptr error, ServiceState& state) {
  std::string what = "okänt undantag";
  try {
    if (error) std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  sendProblem(res, ErrorKind::Internal, {what}, state.metrics());
}

}  // namespace

Server::Server(ServerOptions options, std::unique_ptr<ServiceState> state, const Routes& routes)
    : options_(std::move(options)), state_(std::move(state)), http_(std::make_unique<httplib::Server>()) {
  configureServer(*http_, *state_, options_, routes);
}

void configureServer(httplib::Server& http, ServiceState& s, const ServerOptions& options, const Server::Routes& routes) {
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(4u, 2 * std::max(1u, std::thread::hardware_concurrency()));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The largest body any route takes; routes that take less check their own limit.
  http.set_payload_max_length(std::max(s.limits().maxRequestBytes, s.limits().maxBatchBytes));
  http.set_read_timeout(options.timeoutSeconds, 0);
  http.set_write_timeout(options.timeoutSeconds, 0);
  http.set_keep_alive_timeout(options.timeoutSeconds);
  http.set_keep_alive_max_count(1000);
  http.set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, with which a second server binds the same port and the
  // kernel splits connections between the two without a word. SO_REUSEADDR only lets a restarted
  // server bind while the old connections linger in TIME_WAIT.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_pre_routing_handler([&s](const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib 0.11 holds its body limit only against Content-Length: a body in chunks would be
    // read whole into memory, however large. Refused before it is read. The client is asked to
    // close the connection: httplib itself keeps it and reads the rest of the body as requests,
    // each refused as malformed, a line at a time.
    if (req.has_header("Transfer-Encoding")) {
      res.set_header("Connection", "close");
      sendProblem(res, ErrorKind::LengthRequired, {}, s.metrics());
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!needsToken(req.path) || s.authorized(req.get_header_value("Authorization"))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    res.set_header("WWW-Authenticate", "Bearer");
    sendProblem(res, ErrorKind::Unauthorized, {}, s.metrics());
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [&s](const httplib::Request& req, httplib::Response& res) { return fillProblem(req, res, s); }));
  http.set_exception_handler([&s](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    answerException(res, error, s);
  });
  routes(http, s);
}

Server::~Server() = default;

int Server::bind(Problem& problem) {
  int port = options_.port;
  bool bound = false;
  if (port == 0) {
    port = http_->bind_to_any_port(options_.host);
    bound = port > 0;
  } else {
    bound = http_->bind_to_port(options_.host, port);
  }
  if (!bound) {
    const std::string why = errno != 0 ? rt::systemErrorText(errno) : "okänt fel";
    problem = makeProblem(ErrorKind::CannotListen, {options_.host, std::to_string(options_.port), why});
    return -1;
  }
  return port;
}

void Server::run() { http_->listen_after_bind(); }

void Server::stop() { http_->stop(); }

}  // namespace regel::service
