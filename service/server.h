// One HTTP server of regel (cpp-httplib): `regel serve` with the decision routes, or `regel
// playground` with the playground's. Both share what a server facing a network needs: loopback
// by default, a pool of threads, limits on sizes and on slow clients, an optional bearer token,
// and every problem answered as JSON with a stable code.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "regel/outcome.h"
#include "service/state.h"

namespace httplib {
class Server;
}

namespace regel::service {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0: any free port (bind() says which)
  unsigned threads = 0;  // requests served at once; 0: twice the cores, at least 4
  // A client that sends or takes nothing for this long is cut off, so that a slow or stalled
  // client holds a thread for at most this long.
  time_t timeoutSeconds = 5;
};

class Server {
 public:
  using Routes = std::function<void(httplib::Server&, ServiceState&)>;
  Server(ServerOptions options, std::unique_ptr<ServiceState> state, const Routes& routes);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket: the port, or -1 with `problem` set (R0914).
  int bind(Problem& problem);
  // Serves until stop(); requests in flight are finished.
  void run();
  void stop();
  ServiceState& state() { return *state_; }
  const std::string& host() const { return options_.host; }

 private:
  ServerOptions options_;
  std::unique_ptr<ServiceState> state_;
  std::unique_ptr<httplib::Server> http_;
};

// Everything Server's constructor sets on `http` (limits, timeouts, token, problem bodies) and the
// routes: for a server of the caller's own, such as the fuzz target's, which feeds requests
// through httplib's parser without a socket.
void configureServer(httplib::Server& http, ServiceState& state, const ServerOptions& options, const Server::Routes& routes);

}  // namespace regel::service
