#include "daemon/cli.h"

namespace akhbar::daemon {

namespace {

const std::set<std::string> kGlobalValueOptions = {"--config", "--log-level"};

}  // namespace

Result<ParsedArgs> parse_args(const CommandSpec& spec, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    if (arg == "--") {
      parsed.positional.insert(parsed.positional.end(), args.begin() + static_cast<long>(i) + 1,
                               args.end());
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      std::string value;
      bool inline_value = false;
      if (const size_t eq = arg.find('='); eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
      if (spec.value_options.count(arg) || kGlobalValueOptions.count(arg)) {
        if (!inline_value) {
          if (i + 1 >= args.size()) return make_error(arg + " needs a value");
          value = args[++i];
        }
        parsed.values[arg] = value;
      } else if (spec.flags.count(arg) && !inline_value) {
        parsed.flags.insert(arg);
      } else {
        return make_error("unknown option " + arg + " for '" + spec.name + "'");
      }
      continue;
    }
    parsed.positional.push_back(arg);
  }
  if (parsed.help) return parsed;
  const int count = static_cast<int>(parsed.positional.size());
  if (count < spec.min_positional) return make_error("missing argument");
  if (count > spec.max_positional) {
    return make_error("unexpected argument '" +
                      parsed.positional[static_cast<size_t>(spec.max_positional)] + "'");
  }
  if (spec.check) {
    if (Status st = spec.check(parsed); !st) return make_error(st.error());
  }
  return parsed;
}

std::string help_text(const CommandSpec& spec) {
  std::string text = "Usage: " + spec.usage + "\n\n" + spec.summary + "\n";
  if (!spec.details.empty()) text += "\n" + spec.details;
  text +=
      "\nCommon options:\n"
      "  --config FILE      configuration file (default: $AKHBAR_CONFIG, else\n"
      "                     /etc/akhbar/akhbar.toml if it exists, else config/akhbar.toml)\n"
      "  --log-level LEVEL  trace, debug, info, warn, error, critical or off\n"
      "  -h, --help         this help\n";
  return text;
}

}  // namespace akhbar::daemon
