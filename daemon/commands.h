// The akhbar subcommands. run_cli() parses argv, runs one subcommand and
// returns the exit code: 0 success, 1 a runtime failure (message on stderr
// saying what failed), 2 wrong usage.
#pragma once

namespace akhbar::daemon {

int run_cli(int argc, char** argv);

}  // namespace akhbar::daemon
