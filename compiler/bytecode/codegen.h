// Code generation: the checked IR (ir::Module) → the runtime's compiled program (rt::Program).
#pragma once

#include <memory>
#include <string>

#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "runtime/program/program.h"

namespace regel::bytecode {

struct CodegenResult {
  std::shared_ptr<const rt::Program> program;  // null when `error` is set
  std::string error;  // a limit of the bytecode encoding was exceeded (Swedish), else empty
};

// Compiles every rule version, exception, parameter cell, decision branch and template of a
// complete module (no checker errors) into chunks, with spans resolved against `sources`.
CodegenResult generateProgram(const ir::Module& module, const diag::SourceSet& sources);

}  // namespace regel::bytecode
