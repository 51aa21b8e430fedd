// Hints for the syntax mistakes people make (`3.5`, `==`, `if … then`, `lagrum` after `=`): from
// the token a syntax error stopped at and the tokens just before it.
#pragma once

#include <optional>

#include "antlr4-runtime.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/tokens.h"

namespace regel::syntax {

std::optional<diag::Hint> syntaxHint(const SourceText& src, antlr4::TokenStream* tokens, antlr4::Token* offending);

}  // namespace regel::syntax
