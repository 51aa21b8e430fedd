// The rulesets the generated-case tests decide: the two bundled ones and the synthetic one with
// every input type.
#pragma once

#include <string>

namespace regel::testing {

inline const std::string kForsorjningsstod = REGEL_SOURCE_DIR "/rulesets/forsorjningsstod/forsorjningsstod.regel";
inline const std::string kHemtjanst = REGEL_SOURCE_DIR "/rulesets/hemtjanstavgift/hemtjanstavgift.regel";
// Every input type (texts, dates, tal, procent, enums, optional fields, lists in records) and the
// operations the bundled rulesets do not use.
inline const std::string kAllaTyper = REGEL_SOURCE_DIR "/tests/support/alla_typer.regel";

}  // namespace regel::testing
