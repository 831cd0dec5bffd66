// Command-line parsing for the akhbar binary. A subcommand declares the
// options it takes; anything else is a usage error (exit code 2).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"

namespace akhbar::daemon {

struct ParsedArgs;

struct CommandSpec {
  std::string name;                     // e.g. "articles search"
  std::string usage;                    // e.g. "akhbar articles search QUERY [--limit N] [--json]"
  std::string summary;                  // one line
  std::string details;                  // option descriptions for --help
  std::set<std::string> value_options;  // e.g. {"--limit"}
  std::set<std::string> flags;          // e.g. {"--json"}
  int min_positional = 0;
  int max_positional = 0;
  // Rules the table above cannot say (e.g. a flag that changes how many
  // arguments are needed); an error is a usage error.
  std::function<Status(const ParsedArgs&)> check = nullptr;
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  bool help = false;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::string value(const std::string& option, const std::string& fallback = "") const {
    auto it = values.find(option);
    return it == values.end() ? fallback : it->second;
  }
};

// Global options every subcommand takes: --config FILE, --log-level LEVEL, --help.
Result<ParsedArgs> parse_args(const CommandSpec& spec, const std::vector<std::string>& args);

// The --help text of a subcommand.
std::string help_text(const CommandSpec& spec);

}  // namespace akhbar::daemon
