// The check that an output file is none of the command's inputs (see output_files.h).
#include "cli/output_files.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "runtime/base/controls.h"

namespace regel::cli {
namespace {

bool isFile(std::string_view path) { return !path.empty() && path != "-"; }

bool sameInode(const struct stat& x, const struct stat& y) { return x.st_dev == y.st_dev && x.st_ino == y.st_ino; }

// Whether `a` and `b` name one file: by device and inode when both exist, else (one of them is
// still to be made, as a new decision log is) by their paths made absolute and free of links.
bool sameFile(const std::string& a, const std::string& b) {
  struct stat x {}, y {};
  if (::stat(a.c_str(), &x) == 0 && ::stat(b.c_str(), &y) == 0) return sameInode(x, y);
  std::error_code e1, e2;
  const auto ca = std::filesystem::weakly_canonical(a, e1), cb = std::filesystem::weakly_canonical(b, e2);
  return !e1 && !e2 && ca == cb;
}

bool sameAsOpened(const std::string& path, int fd) {
  struct stat x {}, y {};
  return ::stat(path.c_str(), &x) == 0 && ::fstat(fd, &y) == 0 && sameInode(x, y);
}

}  // namespace

bool outputOverwrites(const std::string& output, std::string_view written, std::initializer_list<ReadFile> reads) {
  if (!isFile(output)) return false;
  for (const ReadFile& read : reads) {
    const bool same = read.fd >= 0 ? sameAsOpened(output, read.fd)
                                   : isFile(read.path) && sameFile(output, std::string(read.path));
    if (!same) continue;
    std::cerr << fmt::format("fel: {} är samma fil som {}; {} skulle skriva över {}. Välj en annan utfil.\n",
                             rt::showControls(output), read.what, written, read.pronoun);
    return true;
  }
  return false;
}

}  // namespace regel::cli
