# Files the regel binary carries (service/embedded.h): the bundled rulesets with their example
# applications, and the playground's page built by esbuild from playground/ (node build.mjs).
# Without Node.js or the playground's npm packages (scripts/install-deps.sh installs both) the page
# is left out and `regel playground` says so; its JSON API works either way.
set(REGEL_EMBED_DIR ${CMAKE_BINARY_DIR}/generated)
file(GLOB REGEL_BUNDLED_FILES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/rulesets/*/*.regel ${CMAKE_SOURCE_DIR}/rulesets/*/ansokningar/*.json)
# The lists go to embed.cmake joined by "|": a ";" would split the command's argument.
string(REPLACE ";" "|" REGEL_BUNDLED_LIST "${REGEL_BUNDLED_FILES}")
add_custom_command(
  OUTPUT ${REGEL_EMBED_DIR}/bundled_rulesets.cpp
  COMMAND ${CMAKE_COMMAND} -DOUT=${REGEL_EMBED_DIR}/bundled_rulesets.cpp -DSYMBOL=kBundledRulesets
          -DBASE=${CMAKE_SOURCE_DIR}/rulesets "-DFILES=${REGEL_BUNDLED_LIST}" -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${REGEL_BUNDLED_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  COMMENT "Embedding the bundled rulesets"
  VERBATIM)

find_program(REGEL_NODE node)
set(REGEL_PLAYGROUND_DIR ${CMAKE_SOURCE_DIR}/playground)
set(REGEL_PLAYGROUND_OUT ${CMAKE_BINARY_DIR}/playground)
if(REGEL_NODE AND EXISTS ${REGEL_PLAYGROUND_DIR}/build.mjs AND EXISTS ${REGEL_PLAYGROUND_DIR}/node_modules)
  set(REGEL_PLAYGROUND_BUILT ON)
  file(GLOB_RECURSE REGEL_PLAYGROUND_SOURCES CONFIGURE_DEPENDS ${REGEL_PLAYGROUND_DIR}/src/*)
  set(REGEL_PLAYGROUND_FILES ${REGEL_PLAYGROUND_OUT}/index.html ${REGEL_PLAYGROUND_OUT}/app.js ${REGEL_PLAYGROUND_OUT}/app.css)
  add_custom_command(
    OUTPUT ${REGEL_PLAYGROUND_FILES}
    COMMAND ${REGEL_NODE} ${REGEL_PLAYGROUND_DIR}/build.mjs ${REGEL_PLAYGROUND_OUT}
    WORKING_DIRECTORY ${REGEL_PLAYGROUND_DIR}
    DEPENDS ${REGEL_PLAYGROUND_SOURCES} ${REGEL_PLAYGROUND_DIR}/build.mjs ${REGEL_PLAYGROUND_DIR}/package-lock.json
            ${CMAKE_SOURCE_DIR}/grammar/Regel.g4
    COMMENT "Building the playground's page (esbuild)")
  message(STATUS "regel: the playground's page is built with ${REGEL_NODE}")
else()
  set(REGEL_PLAYGROUND_BUILT OFF)
  set(REGEL_PLAYGROUND_FILES "")
  message(STATUS "regel: Node.js or playground/node_modules not found, the playground's page is left out")
endif()
string(REPLACE ";" "|" REGEL_PLAYGROUND_LIST "${REGEL_PLAYGROUND_FILES}")
add_custom_command(
  OUTPUT ${REGEL_EMBED_DIR}/playground_assets.cpp
  COMMAND ${CMAKE_COMMAND} -DOUT=${REGEL_EMBED_DIR}/playground_assets.cpp -DSYMBOL=kPlaygroundAssets
          -DBASE=${REGEL_PLAYGROUND_OUT} "-DFILES=${REGEL_PLAYGROUND_LIST}" -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${REGEL_PLAYGROUND_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  COMMENT "Embedding the playground's page"
  VERBATIM)
set(REGEL_EMBEDDED_SOURCES ${REGEL_EMBED_DIR}/bundled_rulesets.cpp ${REGEL_EMBED_DIR}/playground_assets.cpp)
set_source_files_properties(${REGEL_EMBEDDED_SOURCES} PROPERTIES COMPILE_OPTIONS "-Wno-error")
