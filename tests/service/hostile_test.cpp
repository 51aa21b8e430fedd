// Requests a client that is not ours may send: too large, unauthorised, malformed at the HTTP
// level, or stalled half-way. Each gets a JSON problem with a stable code (or is cut off), and none
// keeps the server from answering others.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "tests/service/test_server.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;

const std::string kRules = "tests/golden/run/bistand.regel";
const std::string kCase = "tests/golden/run/bistand-1-bifall.json";

// A raw TCP connection to the server, for requests no HTTP client would send.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& bytes) const { (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Everything the server sends until it closes the connection (`closed`) or 10 s pass.
  std::string receiveAll(bool* closed = nullptr) const {
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string out;
    char buffer[4096];
    for (;;) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n == 0 && closed != nullptr) *closed = true;
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

TEST(Hostile, ARequestOverTheLimitIsRefusedWithItsSize) {
  RunningServer server(loadedState({sourcePath(kRules)}, {.maxRequestBytes = 4096, .maxBatchBytes = 65536}),
                       service::addDecisionRoutes);
  const std::string big = "{\"id\": \"" + std::string(5000, 'x') + "\"}";
  auto res = server.client().Post("/v1/beslut/bistand", big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(firstCode(res->body), "R0903");
  EXPECT_THAT(res->body, HasSubstr("högst 4096 byte"));
  // Over every route's limit: httplib refuses it before reading it, with the same code.
  auto huge = server.client().Post("/v1/batch/bistand", std::string(70000, ' '), "application/x-ndjson");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(firstCode(huge->body), "R0903");
  EXPECT_THAT(huge->body, HasSubstr("högst 65536 byte"));
  // A single case over every limit names the single case's limit, not the batch's.
  auto hugeCase = server.client().Post("/v1/beslut/bistand", std::string(70000, ' '), "application/json");
  ASSERT_TRUE(hugeCase);
  EXPECT_EQ(hugeCase->status, 413);
  EXPECT_THAT(hugeCase->body, HasSubstr("högst 4096 byte"));
}

// curl's default content type is a form: httplib refuses such bodies over its own small limit,
// and the answer says so instead of naming a limit the body is far below.
TEST(Hostile, AFormBodyOverHttplibsLimitIsToldToBeSentAsJson) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  const std::string json = "{\"id\": \"" + std::string(9000, 'x') + "\"}";
  auto res = server.client().Post("/v1/beslut/bistand", json, "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(firstCode(res->body), "R0908");
  EXPECT_THAT(res->body, HasSubstr("tas bara emot upp till 8192 byte; skicka ärendet med Content-Type: application/json"));
}

// The address is the client's: a ruleset's name in it is quoted cut to 120 characters, and bytes
// in it that are not UTF-8 never reach the JSON.
TEST(Hostile, AnUnknownRulesetsNameIsQuotedCutAndAsUtf8) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  RawConnection raw(server.port());
  ASSERT_TRUE(raw.connected());
  raw.send("POST /v1/beslut/%FF" + std::string(7000, 'a') +
           " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  const std::string answer = raw.receiveAll();
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 404"));
  EXPECT_THAT(answer, HasSubstr("\"R0902\""));
  EXPECT_THAT(answer, HasSubstr("regelverket \xEF\xBF\xBD" + std::string(119, 'a') + "… finns inte här"));
  EXPECT_EQ(answer.find('\xFF'), std::string::npos);
  EXPECT_LT(answer.size(), 2000u);
}

// A control character in the address is shown in the message, not passed on to whoever reads it
// (a log on a terminal): ESC as ␛, a line break as ␊.
TEST(Hostile, AnUnknownRulesetsNameShowsItsControlCharacters) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  auto r = server.client().Post("/v1/beslut/x%1B%5B2J%0Ay", "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(firstCode(r->body), "R0902");
  EXPECT_THAT(r->body, HasSubstr("regelverket x\u241B[2J\u240Ay finns inte här"));
  EXPECT_EQ(r->body.find("\\u001b"), std::string::npos) << r->body;
}

// cpp-httplib 0.11 holds the body limit only against Content-Length: a body in chunks would be
// read into memory whole, however large. It is refused before a byte of it is read (411, R0918),
// with Connection: close, and the service answers the next client as before.
TEST(Hostile, ABodyInChunksIsRefusedBeforeItIsRead) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  RawConnection raw(server.port());
  ASSERT_TRUE(raw.connected());
  raw.send("POST /v1/beslut/bistand HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  const std::string answer = raw.receiveAll();
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 411"));
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
  EXPECT_THAT(answer, HasSubstr("\"R0918\""));
  EXPECT_THAT(answer, HasSubstr("begäran ska ange kroppens längd med Content-Length"));
  auto health = server.client().Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(Hostile, WithATokenEveryApiRequestMustCarryIt) {
  auto state = loadedState({sourcePath(kRules)});
  state->setToken("hemlig-nyckel-123");
  RunningServer server(std::move(state), service::addDecisionRoutes);
  const std::string json = readText(sourcePath(kCase));
  auto none = server.client().Post("/v1/beslut/bistand", json, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(firstCode(none->body), "R0905");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  httplib::Client wrong = server.client();
  wrong.set_bearer_token_auth("hemlig-nyckel-124");
  auto refused = wrong.Post("/v1/beslut/bistand", json, "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  auto reload = wrong.Post("/admin/ladda-om", "", "text/plain");
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->status, 401);
  httplib::Client right = server.client();
  right.set_bearer_token_auth("hemlig-nyckel-123");
  auto decided = right.Post("/v1/beslut/bistand", json, "application/json");
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->status, 200);
  // Health is for load balancers, which carry no token.
  auto health = server.client().Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(Hostile, GarbageInsteadOfHttpIsRefusedAndTheServerGoesOn) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  {
    RawConnection raw(server.port());
    ASSERT_TRUE(raw.connected());
    // A TLS ClientHello's first bytes, as a client that speaks HTTPS to it sends them.
    static constexpr char kHello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n";
    raw.send(std::string(kHello, sizeof kHello - 1));
    const std::string answer = raw.receiveAll();
    EXPECT_THAT(answer, HasSubstr("400"));
  }
  {
    RawConnection raw(server.port());
    raw.send("POST /v1/beslut/bistand HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}");
    const std::string answer = raw.receiveAll();
    EXPECT_THAT(answer, ::testing::Not(HasSubstr("200 OK")));
  }
  auto res = server.client().Post("/v1/beslut/bistand", readText(sourcePath(kCase)), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// Headers promising a body that never comes.
constexpr const char* kStalledRequest = "POST /v1/beslut/bistand HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"id\":";

TEST(Hostile, AStalledClientDoesNotHoldUpOthers) {
  // The server would wait 30 s for the stalled body, the other clients only 5 s for an answer:
  // they are answered while the stalled connection is still open, or the test fails.
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes, 2, 30);
  RawConnection stalled(server.port());
  ASSERT_TRUE(stalled.connected());
  stalled.send(kStalledRequest);
  const std::string json = readText(sourcePath(kCase));
  for (int i = 0; i < 5; ++i) {
    auto res = server.client(5).Post("/v1/beslut/bistand", json, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

TEST(Hostile, AStalledClientIsCutOffByTheReadTimeout) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes, 2, 1);
  RawConnection stalled(server.port());
  ASSERT_TRUE(stalled.connected());
  stalled.send(kStalledRequest);
  bool closed = false;
  const std::string answer = stalled.receiveAll(&closed);
  EXPECT_TRUE(closed) << "the server kept the stalled connection open";
  EXPECT_THAT(answer, ::testing::Not(HasSubstr("200 OK")));
}

}  // namespace
}  // namespace regel::testing
