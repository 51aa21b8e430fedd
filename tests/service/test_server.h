// A real server of regel's on a free loopback port for the service's tests: started on its own
// thread, stopped at the end of the test, asked with cpp-httplib's client as any client would.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "service/decision_routes.h"
#include "service/playground_routes.h"
#include "runtime/base/json_writer.h"
#include "service/server.h"

namespace regel::testing {

inline std::string sourcePath(const std::string& relative) { return std::string(REGEL_SOURCE_DIR) + "/" + relative; }

inline std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A directory of its own for a test's files, removed after it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("regel-service-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

class RunningServer {
 public:
  RunningServer(std::unique_ptr<service::ServiceState> state, const service::Server::Routes& routes, unsigned threads = 4,
                time_t timeoutSeconds = 2) {
    service::ServerOptions options;
    options.port = 0;
    options.threads = threads;
    options.timeoutSeconds = timeoutSeconds;
    server_ = std::make_unique<service::Server>(options, std::move(state), routes);
    Problem problem;
    port_ = server_->bind(problem);
    EXPECT_GT(port_, 0) << problem.message;
    thread_ = std::thread([this] { server_->run(); });
    // The first answer shows the server is accepting: stop() before run() would be lost.
    for (int i = 0; i < 200 && !client().Get("/health"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  httplib::Client client(time_t readTimeoutSeconds = 20) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(readTimeoutSeconds, 0);
    return c;
  }
  int port() const { return port_; }
  service::ServiceState& state() { return server_->state(); }

 private:
  std::unique_ptr<service::Server> server_;
  std::thread thread_;
  int port_ = -1;
};

inline std::unique_ptr<service::ServiceState> loadedState(std::vector<std::string> paths, service::ServiceLimits limits = {}) {
  service::CatalogOptions options;
  options.paths = std::move(paths);
  auto state = std::make_unique<service::ServiceState>(options, limits);
  std::vector<std::string> problems;
  EXPECT_TRUE(state->load(problems)) << (problems.empty() ? "" : problems.front());
  return state;
}

// The first problem's code in an error body: {"fel": [{"kod": …}]}.
inline std::string firstCode(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body).get(doc)) return "(ingen JSON: " + body + ")";
  std::string_view code;
  if (doc["fel"].at(0)["kod"].get(code)) return "(ingen kod: " + body + ")";
  return std::string(code);
}

}  // namespace regel::testing
