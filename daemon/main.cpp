#include "daemon/commands.h"

int main(int argc, char** argv) { return akhbar::daemon::run_cli(argc, argv); }
