// The command line in Swedish: validators whose messages are Swedish, help texts with Swedish
// headings, and CLI11's parse errors (English) rendered as Swedish messages on standard error.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace regel::cli {

// Checks on an option's value, with Swedish messages and a Swedish type in the help; each returns
// `option`. A file that exists and is not a directory:
CLI::Option* existingFile(CLI::Option* option);
// A decision log: a PostgreSQL URL (postgresql://…, postgres://…; its server is asked when the
// log is opened) or a file that exists:
CLI::Option* existingLog(CLI::Option* option);
// An integer from lo to hi:
CLI::Option* integerBetween(CLI::Option* option, int lo, int hi);
// One of `words`:
CLI::Option* oneOf(CLI::Option* option, std::vector<std::string> words);
// A decision date, ÅÅÅÅ-MM-DD and in the calendar:
CLI::Option* decisionDate(CLI::Option* option);

// Swedish headings and flag descriptions in the help of `app` and its subcommands (call after
// every subcommand is added).
void useSwedishHelp(CLI::App& app);

// When argv[1] is no option and names no subcommand of `app`: the message for it ("okänt kommando
// 'chek'; menade du 'check'?"), else empty.
std::string unknownCommand(const CLI::App& app, int argc, char** argv);

// Writes `error` (a parse error, not help or version) in Swedish to standard error, with a pointer
// to the help, and returns the exit code for usage errors (2).
int reportUsageError(const CLI::App& app, const CLI::ParseError& error);
// The same for a message of our own.
int reportUsageError(const std::string& message);

}  // namespace regel::cli
