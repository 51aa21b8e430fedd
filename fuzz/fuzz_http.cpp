// fuzz_http: bytes as an HTTP request to `regel serve` (with both bundled rulesets) or to `regel
// playground`, through cpp-httplib's own parser and our routes, in process and without a socket.
// The first byte chooses the server; the rest is the request as a client would send it. Whatever
// arrives, the server must answer (or close) without a crash, a leak or undefined behaviour, and
// every answer it writes must be a whole HTTP response.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "service/decision_routes.h"
#include "service/playground_routes.h"
#include "service/server.h"

namespace {

using namespace regel;

// The request's bytes to read, and what the server writes kept to be checked.
class MemoryStream final : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view in) : in_(in) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size());
    in_.copy(ptr, n);
    in_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string out;

 private:
  std::string_view in_;
};

// httplib's request handling, which a socket otherwise drives.
class FuzzServer final : public httplib::Server {
 public:
  FuzzServer(std::unique_ptr<service::ServiceState> state, const service::Server::Routes& routes)
      : state_(std::move(state)) {
    service::ServerOptions options;
    options.threads = 1;
    service::configureServer(*this, *state_, options, routes);
  }
  void handle(std::string_view request) {
    MemoryStream stream(request);
    bool closed = false;
    process_request(stream, true, closed, [](httplib::Request&) {});
    if (!stream.out.empty() && stream.out.rfind("HTTP/1.1 ", 0) != 0) fuzz::fail("ett svar som inte är HTTP", stream.out);
  }

 private:
  std::unique_ptr<service::ServiceState> state_;
};

std::unique_ptr<service::ServiceState> state(std::vector<std::string> paths) {
  service::CatalogOptions options;
  options.paths = std::move(paths);
  // Small limits, so that the fuzzer reaches them.
  auto s = std::make_unique<service::ServiceState>(options, service::ServiceLimits{16384, 65536});
  std::vector<std::string> problems;
  if (!s->load(problems)) fuzz::fail("de medföljande regelverken laddas inte", problems.empty() ? "" : problems.front());
  return s;
}

FuzzServer& decisions() {
  static FuzzServer server(state({REGEL_SOURCE_DIR "/rulesets/forsorjningsstod/forsorjningsstod.regel",
                                  REGEL_SOURCE_DIR "/rulesets/hemtjanstavgift/hemtjanstavgift.regel"}),
                           service::addDecisionRoutes);
  return server;
}

FuzzServer& playground() {
  static FuzzServer server(state({}), service::addPlaygroundRoutes);
  return server;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view request(reinterpret_cast<const char*>(data) + 1, size - 1);
  (data[0] % 2 == 0 ? decisions() : playground()).handle(request);
  return 0;
}
