// An output file must never be one of the files the command reads: opening it for writing would
// empty the input (the cases, the rules, the decision log) before it was read.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace regel::cli {

// A file the command reads, named as its message names it.
struct ReadFile {
  std::string_view path;     // "-" (standard input, see fd) and "" are no file
  std::string_view what;     // "ärendena", "regelverket"
  std::string_view pronoun;  // "dem", "det": what would be overwritten, in the message
  int fd = -1;               // the file as opened (standard input too), when it is
};

// Whether `output` is the same file as one of `reads` (by device and inode, so another name for
// it or a link counts). Then says so on standard error ("fel: X är samma fil som ärendena;
// beslutsraderna skulle skriva över dem. Välj en annan utfil.", `written` being "beslutsraderna")
// and returns true; the command exits with 2.
bool outputOverwrites(const std::string& output, std::string_view written, std::initializer_list<ReadFile> reads);

}  // namespace regel::cli
