// Compiles IR expressions into register-VM chunks (internal to compiler/bytecode).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "runtime/program/program.h"

namespace regel::bytecode {

// The program being built, with the source positions that spans are resolved against.
class ProgramBuilder {
 public:
  ProgramBuilder(const ir::Module& m, const diag::SourceSet& sources) : module_(m), sources_(sources) {}
  const ir::Module& module() const { return module_; }
  rt::Program& program() { return program_; }
  rt::SourceSpan span(diag::Span s) const;
  uint32_t spanIndex(diag::Span s);
  // A constant beyond the IR's own (e.g. the rational zero of a sum); deduplicated.
  uint32_t extraConstant(rt::TypeId type, rt::Value v);
  // Appends a finished chunk's code and returns its id.
  uint32_t addChunk(const std::vector<rt::Instr>& code, const std::vector<diag::Span>& spans,
                    uint32_t frameSize, uint32_t argCount);
  // The first error met (limits of the encoding); empty when fine.
  std::string error;

 private:
  const ir::Module& module_;
  const diag::SourceSet& sources_;
  rt::Program program_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> spanIds_;
};

// One chunk: registers are allocated like a stack (temporaries above the locals in scope).
class ChunkCompiler {
 public:
  // `rule`: the rule whose exceptions may read `Base` (ir::kNone elsewhere); `args`: parameter
  // arguments, bound to local slots and registers 0..args-1.
  ChunkCompiler(ProgramBuilder& pb, uint32_t rule, uint32_t args);
  // Compiles `expr` as the chunk's whole body (its value is returned) and adds the chunk.
  uint32_t compile(ir::ExprId expr);

 private:
  using Span = diag::Span;
  const ir::Expr& node(ir::ExprId id) const { return pb_.module().exprs[id]; }
  uint32_t alloc();
  uint32_t any(ir::ExprId id);  // a register holding the value (a local's own register if a local)
  void into(ir::ExprId id, uint32_t target);
  size_t emit(rt::Op op, uint32_t a, uint32_t b, uint32_t c, Span span);
  size_t emitWide(rt::Op op, uint32_t a, uint32_t wide, Span span);
  void patch(size_t at, uint32_t target);  // sets the jump target of instruction `at` to `target`
  uint32_t here() const { return static_cast<uint32_t>(code_.size()); }
  void fail(const std::string& what);

  void loadConst(const ir::Expr& e, uint32_t target);
  void param(const ir::Expr& e, uint32_t target);
  void present(const ir::Expr& e, uint32_t target);
  void unary(const ir::Expr& e, uint32_t target);
  void binary(const ir::Expr& e, uint32_t target);
  void compare(const ir::Expr& e, uint32_t target);
  void logic(const ir::Expr& e, uint32_t target);
  void conditional(const ir::Expr& e, uint32_t target);
  void minMax(const ir::Expr& e, uint32_t target);
  void aggregate(const ir::Expr& e, uint32_t target);

  // Aggregates: a loop over the list with the element bound to the local slot `slot`.
  struct Loop {
    size_t next;     // the LIST_NEXT instruction (jumps past the loop when done)
    uint32_t head;   // its index: `continue` jumps here
    int32_t savedLocal;
    uint32_t slot;
  };
  Loop openLoop(const ir::Expr& e);
  void closeLoop(const Loop& loop, Span span);
  // An `om` over `cond` whose arms write `t` (OM_IF, OM_ELSE, OM_JOIN): in the tolerant mode a
  // missing condition runs both arms and `t` lacks what the condition and either arm lack, and an
  // error in an arm stops the case only once the arm is known to be taken. Loops use it wherever
  // an element's part depends on a condition (a `där` filter, plats's comparisons), so that a
  // missing fact of one element does not end the loop before the others are looked at.
  struct Arm {
    uint32_t cond;  // the condition's register; the next one keeps the speculation around the om
    size_t toElse;  // OM_IF
    size_t toEnd;   // OM_ELSE
  };
  Arm openArm(ir::ExprId cond, Span span);       // the så arm follows
  void elseArm(Arm& arm, uint32_t t, Span span);  // the annars arm follows
  void joinArms(const Arm& arm, uint32_t t, Span span);
  void rank(const ir::Expr& e, uint32_t t);
  void find(const ir::Expr& e, uint32_t t);

  ProgramBuilder& pb_;
  uint32_t rule_;
  uint32_t argCount_;
  uint32_t next_ = 0;  // first free register
  uint32_t max_ = 0;   // frame size so far
  std::vector<int32_t> localReg_;
  std::vector<rt::Instr> code_;
  std::vector<Span> spans_;
};

}  // namespace regel::bytecode
