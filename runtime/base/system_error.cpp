// Swedish reasons for errno values (system_error.h).
#include "runtime/base/system_error.h"

#include <cerrno>
#include <cstring>

namespace regel::rt {

std::string systemErrorText(int err) {
  switch (err) {
    case ENOENT: return "filen eller katalogen finns inte";
    case EACCES:
    case EPERM: return "behörighet saknas";
    case EISDIR: return "det är en katalog, inte en fil";
    case ENOTDIR: return "en del av sökvägen är ingen katalog";
    case ENOSPC: return "disken är full";
    case EDQUOT: return "diskkvoten är slut";
    case EROFS: return "filsystemet är skrivskyddat";
    case EEXIST: return "filen finns redan";
    case EMFILE:
    case ENFILE: return "för många öppna filer";
    case ENOMEM: return "minnet räcker inte";
    case EIO: return "in- eller utmatningsfel på enheten";
    case EPIPE: return "mottagaren har stängt";
    case EADDRINUSE: return "adressen används redan av ett annat program";
    case EADDRNOTAVAIL: return "adressen finns inte på den här datorn";
    case ECONNREFUSED: return "anslutningen vägrades";
    case ENAMETOOLONG: return "filnamnet är för långt";
    case EFBIG: return "filen är för stor";
    default: return "systemfel " + std::to_string(err) + " (" + std::strerror(err) + ")";
  }
}

}  // namespace regel::rt
