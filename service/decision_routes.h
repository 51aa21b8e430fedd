// The decision service's JSON API (docs/tjanst.md, docs/openapi.yaml): decide one case, decide a
// batch as JSON Lines, list the rulesets and their input schemas, health, metrics and reload.
#pragma once

#include <httplib.h>

#include "service/state.h"

namespace regel::service {

void addDecisionRoutes(httplib::Server& server, ServiceState& state);

}  // namespace regel::service
