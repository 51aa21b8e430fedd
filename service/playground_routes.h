// The playground's routes (`regel playground`): its page, the bundled rulesets, and checking,
// deciding and testing rules sent from the editor. The API is described in docs/tjanst.md.
#pragma once

#include <httplib.h>

#include "service/state.h"

namespace regel::service {

void addPlaygroundRoutes(httplib::Server& server, ServiceState& state);

}  // namespace regel::service
