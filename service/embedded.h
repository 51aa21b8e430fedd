// Files carried inside the regel binary, generated at build time by cmake/embed.cmake: the
// playground's built page (when the build had Node.js and the playground's npm packages) and the
// bundled rulesets with their example applications.
#pragma once

#include <string_view>

namespace regel::service {

struct EmbeddedFile {
  std::string_view name;   // relative: "app.js", "forsorjningsstod/forsorjningsstod.regel"
  std::string_view bytes;
};

// Each ends with an entry whose name is empty.
extern const EmbeddedFile kPlaygroundAssets[];
extern const EmbeddedFile kBundledRulesets[];

}  // namespace regel::service
