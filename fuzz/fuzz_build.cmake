# The fuzz build (-DREGEL_FUZZ=ON, configured by scripts/fuzz.sh with clang-14): every target of
# ours with libFuzzer's coverage, AddressSanitizer and UndefinedBehaviorSanitizer.
#
# clang-14 refuses Debian's antlr4-runtime 4.9 headers (misc/InterpreterDataReader.h default-
# constructs a dfa::Vocabulary whose defaulted constructor clang deletes: it has const members),
# and g++ accepts them. So the code that includes ANTLR headers, the generated parser and
# compiler/syntax, is built by g++ in a project of its own (fuzz/antlr_gcc) with the same
# sanitizers and comparison tracing, and linked in as the imported library regel_syntax_antlr.
# Everything else, from the diagnostics to the VM, is compiled by clang. See fuzz/README.md.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "REGEL_FUZZ needs clang (scripts/fuzz.sh sets CMAKE_CXX_COMPILER=clang++-14)")
endif()

# -Wno-restrict works around a g++ bug; clang has no such warning and refuses the option.
list(REMOVE_ITEM REGEL_WARNINGS -Wno-restrict)
# -O1 as OSS-Fuzz builds: fast enough to fuzz, quick to compile. libstdc++'s assertions turn an
# index out of a vector's size (but inside its capacity, where ASan sees nothing) into a crash.
set(CMAKE_CXX_FLAGS_RELEASE "-O1 -g")
set(REGEL_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_compile_options(-fsanitize=fuzzer-no-link ${REGEL_FUZZ_SANITIZERS} -D_GLIBCXX_ASSERTIONS)
add_link_options(${REGEL_FUZZ_SANITIZERS})

set(REGEL_FUZZ_GXX g++ CACHE STRING "The g++ that builds the ANTLR-facing part of the fuzz build")
set(REGEL_FUZZ_GXX_JOBS 2 CACHE STRING "Parallel jobs of the g++ part's build")
set(REGEL_ANTLR_GCC_DIR ${CMAKE_BINARY_DIR}/antlr_gcc)
set(REGEL_ANTLR_GCC_LIBS
  ${REGEL_ANTLR_GCC_DIR}/libregel_syntax_antlr.a ${REGEL_ANTLR_GCC_DIR}/libregel_grammar.a)
# g++ has no libFuzzer edge coverage (its -fsanitize-coverage=trace-pc is refused by libFuzzer 14);
# trace-cmp gives libFuzzer the parser's comparisons for its dictionary and value profile.
string(JOIN " " REGEL_ANTLR_GCC_FLAGS ${REGEL_FUZZ_SANITIZERS} -fsanitize-coverage=trace-cmp -D_GLIBCXX_ASSERTIONS)
include(ExternalProject)
ExternalProject_Add(regel_antlr_gcc_build
  SOURCE_DIR ${CMAKE_SOURCE_DIR}/fuzz/antlr_gcc
  BINARY_DIR ${REGEL_ANTLR_GCC_DIR}
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS -DCMAKE_CXX_COMPILER=${REGEL_FUZZ_GXX} -DCMAKE_BUILD_TYPE=Release
             -DCMAKE_CXX_FLAGS_RELEASE=${CMAKE_CXX_FLAGS_RELEASE}
             -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
             -DCMAKE_CXX_FLAGS=${REGEL_ANTLR_GCC_FLAGS} -DREGEL_ROOT=${CMAKE_SOURCE_DIR}
  BUILD_COMMAND ${CMAKE_COMMAND} --build ${REGEL_ANTLR_GCC_DIR} -j ${REGEL_FUZZ_GXX_JOBS}
  # Always ask its ninja: an edit under compiler/syntax must reach the fuzz targets.
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS ${REGEL_ANTLR_GCC_LIBS}
  INSTALL_COMMAND "")

find_package(antlr4-runtime REQUIRED)
add_library(regel_grammar_gcc STATIC IMPORTED)
set_target_properties(regel_grammar_gcc PROPERTIES
  IMPORTED_LOCATION ${REGEL_ANTLR_GCC_DIR}/libregel_grammar.a
  INTERFACE_LINK_LIBRARIES antlr4_shared)
add_library(regel_syntax_antlr STATIC IMPORTED)
# Its objects call the diagnostics (regel_syntax, clang) and the runtime: static libraries that
# depend on each other, which CMake links in a repeated group.
set_target_properties(regel_syntax_antlr PROPERTIES
  IMPORTED_LOCATION ${REGEL_ANTLR_GCC_DIR}/libregel_syntax_antlr.a
  INTERFACE_LINK_LIBRARIES "regel_grammar_gcc;regel_syntax;regel_runtime")
add_dependencies(regel_syntax_antlr regel_antlr_gcc_build)
