# The ANTLR4 parser for grammar/Regel.g4, generated at build time (never committed) and built as
# the static library regel_grammar. Included by the top-level build and by the fuzz build's g++
# part (fuzz/antlr_gcc), so both generate it the same way. Needs ANTLR4_TOOL and antlr4-runtime.
set(REGEL_GRAMMAR ${CMAKE_CURRENT_LIST_DIR}/Regel.g4)
set(REGEL_GEN_DIR ${CMAKE_BINARY_DIR}/generated/grammar)
set(REGEL_GEN_SOURCES
  ${REGEL_GEN_DIR}/RegelLexer.cpp ${REGEL_GEN_DIR}/RegelParser.cpp
  ${REGEL_GEN_DIR}/RegelVisitor.cpp ${REGEL_GEN_DIR}/RegelBaseVisitor.cpp)
# The headers are outputs too, so that an edit of the grammar rebuilds everything that includes them.
set(REGEL_GEN_HEADERS
  ${REGEL_GEN_DIR}/RegelLexer.h ${REGEL_GEN_DIR}/RegelParser.h
  ${REGEL_GEN_DIR}/RegelVisitor.h ${REGEL_GEN_DIR}/RegelBaseVisitor.h)
add_custom_command(
  OUTPUT ${REGEL_GEN_SOURCES} ${REGEL_GEN_HEADERS}
  COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -visitor -no-listener -package regel_antlr
          -o ${REGEL_GEN_DIR} -Xexact-output-dir ${REGEL_GRAMMAR}
  DEPENDS ${REGEL_GRAMMAR}
  COMMENT "Generating the regel parser with ANTLR")
add_library(regel_grammar STATIC ${REGEL_GEN_SOURCES})
target_include_directories(regel_grammar SYSTEM PUBLIC ${REGEL_GEN_DIR} /usr/include/antlr4-runtime)
# The generated code uses u8"" literals as char: it needs -fno-char8_t under C++20.
target_compile_options(regel_grammar PRIVATE -fno-char8_t -w)
target_link_libraries(regel_grammar PUBLIC antlr4_shared)
set_target_properties(regel_grammar PROPERTIES POSITION_INDEPENDENT_CODE ON)
