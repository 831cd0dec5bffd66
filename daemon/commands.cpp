#include "daemon/commands.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "daemon/command_support.h"

namespace akhbar::daemon {

namespace {

struct Command {
  CommandSpec spec;
  std::function<int(const ParsedArgs&)> run;
};

std::vector<Command> commands() {
  return {
      {{"serve",
        "akhbar serve [--config FILE]",
        "Run the service: poll every enabled source when it is due, until SIGTERM or SIGINT.\n"
        "SIGHUP reloads the configuration.",
        "",
        {},
        {},
        0,
        0},
       cmd_serve},
      {{"poll",
        "akhbar poll --once [--config FILE]",
        "Poll every enabled source once, store new articles, print a summary and exit.",
        "",
        {},
        {"--once"},
        0,
        0},
       cmd_poll},
      {{"extract",
        "akhbar extract FILE [--url URL] [--json] [--html]\n"
        "       akhbar extract --batch IN_DIR OUT_DIR [--html]",
        "Print the clean article text of one saved HTML page, one paragraph per line.",
        "  --url URL   the page's address, to resolve relative links\n"
        "  --json      print metadata and paragraphs as JSON\n"
        "  --html      print the body as sanitised HTML (p, h2-h4, ul/ol/li, blockquote,\n"
        "              a with absolute http(s) links only); with --json or --batch, add\n"
        "              it to the JSON as \"html\"\n"
        "  --batch     extract every IN_DIR/NAME.html and NAME.html.gz in one process:\n"
        "              write OUT_DIR/NAME.txt (one paragraph per line) and NAME.json\n"
        "              (as --json prints it); a page that cannot be read or has no\n"
        "              article text is reported and counted, the others go on; ends\n"
        "              with \"N pages, M failed, X pages/s\"\n",
        {"--url"},
        {"--json", "--batch", "--html"},
        1,
        2,
        check_extract_args},
       cmd_extract},
      {{"parse-feed",
        "akhbar parse-feed FILE [--url URL] [--json] | akhbar parse-feed --batch IN_DIR OUT_DIR",
        "Parse saved RSS, Atom or JSON Feed documents and print them as JSON.",
        "  --url URL   the feed's address, to resolve relative links\n"
        "  --json      print the neutral feed-oracle/1 schema (as the feedparser oracle of\n"
        "              ../shared/corpus/feeds) instead of akhbar's own view\n"
        "  --batch     parse every file under IN_DIR (except *.expected.json) and write\n"
        "              OUT_DIR/REL.json in the feed-oracle/1 schema for each; a file that\n"
        "              is not a feed is reported on stderr and counted, and gets a JSON\n"
        "              file saying so; a summary line ends the run\n",
        {"--url"},
        {"--json", "--batch"},
        1,
        2,
        [](const ParsedArgs& a) -> Status {
          if (a.has("--batch")) {
            if (a.positional.size() != 2) return make_error("--batch needs IN_DIR and OUT_DIR");
            if (!a.value("--url").empty()) return make_error("--url cannot be used with --batch");
          } else if (a.positional.size() != 1) {
            return make_error("give one FILE (or --batch IN_DIR OUT_DIR)");
          }
          return {};
        }},
       cmd_parse_feed},
      {{"sources list",
        "akhbar sources list [--json]",
        "List the configured sources with their fetch state.",
        "  --json   print JSON\n",
        {},
        {"--json"},
        0,
        0},
       cmd_sources_list},
      {{"sources add",
        "akhbar sources add URL [--name NAME] [--kind KIND] [--interval D] [--dry-run]",
        "Add a source to the configuration file: a feed or sitemap URL as it is, or a\n"
        "site's page, from which its feed (or sitemap, or the page as a listing) is found.",
        "  --name NAME   the source's name (default: the feed's title, else the host)\n"
        "  --kind KIND   feed, sitemap or listing: take URL as that, without discovery\n"
        "  --interval D  poll interval (default: poll_interval), e.g. 10m\n"
        "  --dry-run     print the [[sources]] table instead of writing the file\n",
        {"--name", "--kind", "--interval"},
        {"--dry-run"},
        1,
        1},
       cmd_sources_add},
      {{"sources import",
        "akhbar sources import FILE.opml [--dry-run]",
        "Add the feeds of an OPML subscription list to the configuration file\n"
        "(URLs already configured are skipped).",
        "  --dry-run   print the [[sources]] tables instead of writing the file\n",
        {},
        {"--dry-run"},
        1,
        1},
       cmd_sources_import},
      {{"sources export",
        "akhbar sources export [--output FILE]",
        "Print the configured sources as an OPML 2.0 subscription list.",
        "  --output FILE   write it to FILE instead of standard output\n",
        {"--output"},
        {},
        0,
        0},
       cmd_sources_export},
      {{"articles search",
        "akhbar articles search QUERY [--since D] [--site S] [--lang L] [--duplicates]\n"
        "       [--limit N] [--json]",
        "Full-text search of stored articles, best match first (bm25; harakat, tatweel and\n"
        "hamza forms are folded, so vowelled and plain spellings find each other).",
        "  --since D      published (else fetched) within D, e.g. 24h, 7d\n"
        "  --site S       only articles of this site (host; with or without www.)\n"
        "  --lang L       only articles in this language, e.g. ar\n"
        "  --duplicates   include near copies of other stored articles\n"
        "  --limit N      at most N results (default 20)\n"
        "  --json         print JSON\n",
        {"--limit", "--since", "--site", "--lang"},
        {"--json", "--duplicates"},
        1,
        1},
       cmd_articles_search},
      {{"stories",
        "akhbar stories [--since D] [--limit N] [--json]",
        "List recent stories (one event covered by several articles) with their articles.",
        "  --since D   stories with an article in the last D (default 24h; e.g. 30m, 3d)\n"
        "  --limit N   at most N stories, most recent first (default 20)\n"
        "  --json      print JSON\n",
        {"--since", "--limit"},
        {"--json"},
        0,
        0},
       cmd_stories},
      {{"events",
        "akhbar events [--since N] [--follow] [--limit N] | --dead [--json] | --retry-dead SINK",
        "Print events from the outbox as JSON lines, oldest first.",
        "  --since N          only events with id greater than N\n"
        "  --follow           keep printing new events as they are committed (until SIGINT)\n"
        "  --limit N          stop after N events\n"
        "  --dead             list the dead letters (events a sink gave up on)\n"
        "  --json             with --dead: print JSON\n"
        "  --retry-dead SINK  queue SINK's dead letters for another delivery by `akhbar serve`\n",
        {"--since", "--limit", "--retry-dead"},
        {"--follow", "--dead", "--json"},
        0,
        0},
       cmd_events},
      {{"db check",
        "akhbar db check [--json]",
        "Check the store: SQLite's integrity and foreign-key checks and akhbar's own\n"
        "invariants (every article has its event, the search index matches, ...).\n"
        "Exit status 1 when a problem is found. Safe while the service runs.",
        "  --json   print the report as JSON\n",
        {},
        {"--json"},
        0,
        0},
       cmd_db_check},
      {{"db backup",
        "akhbar db backup PATH",
        "Copy the store to PATH with SQLite's online backup: a consistent snapshot,\n"
        "safe while the service runs.",
        "",
        {},
        {},
        1,
        1},
       cmd_db_backup},
      {{"db vacuum",
        "akhbar db vacuum",
        "Rebuild the database file to return free space (the service must be stopped).",
        "",
        {},
        {},
        0,
        0},
       cmd_db_vacuum},
  };
}

std::string overview() {
  std::string text =
      "akhbar: polls Arabic news feeds, extracts clean article text, stores it in SQLite.\n\n"
      "Usage: akhbar COMMAND [OPTIONS]\n\nCommands:\n";
  for (const auto& c : commands()) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-16s %s\n", c.spec.name.c_str(),
                  c.spec.summary.substr(0, c.spec.summary.find('\n')).c_str());
    text += line;
  }
  text += "\nRun 'akhbar COMMAND --help' for a command's options.\n";
  return text;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << overview();
    return args.empty() ? kExitUsage : kExitOk;
  }
  for (auto& command : commands()) {
    // Two-word commands ("sources list") match on both words.
    const std::string& name = command.spec.name;
    const size_t space = name.find(' ');
    size_t consumed = 0;
    if (space == std::string::npos) {
      if (args[0] == name) consumed = 1;
    } else if (args[0] == name.substr(0, space)) {
      if (args.size() > 1 && args[1] == name.substr(space + 1)) {
        consumed = 2;
      } else if (args.size() == 1 || args[1] == "--help" || args[1] == "-h") {
        std::cout << help_text(command.spec);
        return args.size() == 1 ? kExitUsage : kExitOk;
      } else {
        continue;
      }
    }
    if (consumed == 0) continue;
    auto parsed = parse_args(
        command.spec,
        std::vector<std::string>(args.begin() + static_cast<long>(consumed), args.end()));
    if (!parsed) {
      std::cerr << "akhbar " << name << ": " << parsed.error() << "\n" << help_text(command.spec);
      return kExitUsage;
    }
    if (parsed->help) {
      std::cout << help_text(command.spec);
      return kExitOk;
    }
    const std::string level = parsed->value("--log-level", "info");
    if (spdlog::level::from_str(level) == spdlog::level::off && level != "off") {
      std::cerr << "akhbar: unknown log level '" << level << "'\n";
      return kExitUsage;
    }
    setup_logging(level);
    return command.run(*parsed);
  }
  std::cerr << "akhbar: unknown command '" << args[0] << "'\n\n" << overview();
  return kExitUsage;
}

}  // namespace akhbar::daemon
