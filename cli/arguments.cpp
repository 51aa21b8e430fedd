#include "cli/arguments.h"

#include <filesystem>
#include <iostream>

#include "regel/audit.h"
#include "regel/decide.h"
#include "runtime/base/controls.h"
#include "runtime/base/suggest.h"
#include "runtime/base/value.h"

namespace regel::cli {
namespace {

std::vector<std::string> subcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// The part of a CLI11 message after `prefix`, or empty when it does not start with it.
std::string after(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : std::string();
}

// CLI11's error, in Swedish. Validation errors carry our validators' Swedish messages.
std::string swedish(const CLI::App& app, const CLI::ParseError& error) {
  const std::string name = error.get_name();
  const std::string what = error.what();
  if (name == "RequiredError") {
    if (what.rfind("A subcommand", 0) == 0) {
      // The command that lacks its subcommand is the last one given (`regel audit`).
      const CLI::App* given = &app;
      while (!given->get_subcommands().empty()) given = given->get_subcommands().back();
      return "ange ett kommando: " + rt::listWithEller(subcommandNames(*given));
    }
    const std::string suffix = " is required";
    if (what.size() > suffix.size() && what.compare(what.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return "argumentet '" + what.substr(0, what.size() - suffix.size()) + "' saknas";
    }
  }
  // An ExtrasError of a subcommand is named after the subcommand: its text tells what it is.
  std::string extra = after(what, "The following argument was not expected: ");
  if (extra.empty()) extra = after(what, "The following arguments were not expected: ");
  if (!extra.empty()) return "okänt argument: " + extra;
  if (name == "ValidationError") return what;
  if (name == "ConversionError") {
    std::string rest = after(what, "Could not convert: ");
    if (!rest.empty()) return "värdet kan inte tolkas: " + rest;
    return "ett värde kan inte tolkas: " + what;
  }
  if (name == "ArgumentMismatch") {
    // "--datum: 1 required DATUM missing" (`--datum=` or `--datum` last): the option lacks its value.
    const size_t colon = what.find(": ");
    if (colon != std::string::npos && what.find(" required ", colon) != std::string::npos && what.ends_with(" missing")) {
      return what.substr(0, colon) + " saknar sitt värde";
    }
    return "fel antal värden: " + what;
  }
  if (name == "ExcludesError") {
    const size_t at = what.find(" excludes ");
    if (at != std::string::npos) return what.substr(0, at) + " kan inte kombineras med " + what.substr(at + 10);
  }
  return "kommandoraden kan inte tolkas (" + what + ")";
}

// Why `path` is no file that exists; empty when it is one.
std::string notAFile(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return "filen finns inte: " + path;
  if (std::filesystem::is_directory(status)) return path + " är en katalog, inte en fil";
  return "";
}

}  // namespace

// Validators carry no description: the option's type name says it all in the help.
CLI::Option* existingFile(CLI::Option* option) {
  option->check(CLI::Validator([](std::string& path) { return notAFile(path); }, ""));
  return option->type_name("FIL");
}

CLI::Option* existingLog(CLI::Option* option) {
  option->check(CLI::Validator(
      [](std::string& path) { return regel::isPostgresLog(path) ? std::string() : notAFile(path); },
      ""));
  return option->type_name("LOGG");
}

CLI::Option* integerBetween(CLI::Option* option, int lo, int hi) {
  option->check(CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        const std::string range = "ett heltal från " + std::to_string(lo) + " till " + std::to_string(hi);
        size_t used = 0;
        long long v = 0;
        try {
          v = std::stoll(text, &used);
        } catch (const std::exception&) {
          return "'" + text + "' är inget heltal; ange " + range;
        }
        if (used != text.size()) return "'" + text + "' är inget heltal; ange " + range;
        if (v < lo || v > hi) return text + " ligger utanför det tillåtna; ange " + range;
        return "";
      },
      ""));
  return option->type_name("HELTAL");
}

CLI::Option* oneOf(CLI::Option* option, std::vector<std::string> words) {
  const std::string listed = rt::listWithEller(words);
  option->check(CLI::Validator(
      [words, listed](std::string& text) -> std::string {
        for (const auto& w : words) {
          if (text == w) return "";
        }
        return "'" + text + "' är inget av de tillåtna värdena (" + listed + ")";
      },
      ""));
  std::string shown;
  for (const auto& w : words) shown += (shown.empty() ? "" : "|") + w;
  return option->type_name(shown);
}

CLI::Option* decisionDate(CLI::Option* option) {
  option->check(CLI::Validator(
      [](std::string& text) -> std::string {
        return regel::validDecisionDate(text) ? "" : "'" + text + "' är inget giltigt datum (ÅÅÅÅ-MM-DD)";
      },
      ""));
  return option->type_name("DATUM");
}

namespace {

// CLI11's formatter pads the names column by bytes; Swedish names (`ärenden`, KRÄVS) need code
// points, or the descriptions do not line up.
class SwedishFormatter : public CLI::Formatter {
 public:
  std::string make_option(const CLI::Option* opt, bool positional) const override {
    std::string out = "  " + make_option_name(opt, positional) + make_option_opts(opt);
    const std::string desc = make_option_desc(opt);
    if (!desc.empty()) {
      size_t width = 0;
      for (unsigned char c : out) width += (c & 0xC0) != 0x80;
      if (width >= column_width_) {
        out += "\n";
        width = 0;
      }
      out += std::string(column_width_ - width, ' ') + desc;
    }
    return out + "\n";
  }
};

}  // namespace

namespace {

// The formatter and help flag for `app`'s subcommands, and theirs (regel audit list, …).
void useSwedishHelpBelow(CLI::App& app, const std::shared_ptr<CLI::Formatter>& formatter) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->formatter(formatter);
    sub->set_help_flag("-h,--help", "Visa den här hjälpen");
    sub->group("Kommandon");
    useSwedishHelpBelow(*sub, formatter);
  }
}

}  // namespace

void useSwedishHelp(CLI::App& app) {
  auto formatter = std::make_shared<SwedishFormatter>();
  for (auto [key, value] : std::initializer_list<std::pair<const char*, const char*>>{
           {"Usage", "Användning"}, {"OPTIONS", "FLAGGOR"}, {"SUBCOMMAND", "KOMMANDO"},
           {"SUBCOMMANDS", "KOMMANDON"}, {"Positionals", "Argument"}, {"Options", "Flaggor"},
           {"REQUIRED", "KRÄVS"}, {"Excludes", "kan inte kombineras med"}, {"Needs", "kräver"}}) {
    formatter->label(key, value);
  }
  app.formatter(formatter);
  app.set_help_flag("-h,--help", "Visa den här hjälpen");
  useSwedishHelpBelow(app, formatter);
}

std::string unknownCommand(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  const std::string word = argv[1];
  const std::vector<std::string> names = subcommandNames(app);
  for (const auto& n : names) {
    if (n == word) return "";
  }
  std::string message = "okänt kommando '" + word + "'";
  if (auto s = rt::closestName(word, names)) return message + "; menade du '" + *s + "'?";
  return message + "; kommandona är " + rt::listWithEller(names);
}

int reportUsageError(const std::string& message) {
  // The message may quote an argument (a file name, a --datum): shown, never acted on.
  std::cerr << "regel: " << rt::showControls(message) << "\nSkriv 'regel --help' eller 'regel KOMMANDO --help' för hjälp.\n";
  return 2;
}

int reportUsageError(const CLI::App& app, const CLI::ParseError& error) {
  return reportUsageError(swedish(app, error));
}

}  // namespace regel::cli
