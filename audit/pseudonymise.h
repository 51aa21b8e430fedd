// Pseudonymised exports of the decision log: the values of fields marked `personuppgift`, and
// the case id, replaced by keyed pseudonyms in a record's input, reasons and decision.
// Internal to audit/.
#pragma once

#include <string>

#include "regel/audit.h"

namespace regel::audit {

// "pseudonym:" and the first 16 hex digits of HMAC-SHA256(key, value): the same value gives the
// same pseudonym under one key, so records stay linkable; without the key none can be reversed
// except by guessing values.
std::string pseudonym(const std::string& key, std::string_view value);

// The record with its personal data replaced, decided by `ruleset` (the record's own): the input
// JSON re-written with each personal field's value (and the id) as its pseudonym, every text of
// the reasons and the decision document with those values replaced where they occur. Numbers
// keep their exact text. The chain hash no longer covers the result, which says so.
LoggedDecision pseudonymise(const LoggedDecision& record, const Ruleset& ruleset, const std::string& key);

}  // namespace regel::audit
