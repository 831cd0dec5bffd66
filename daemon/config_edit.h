// Adding sources to the configuration file, as `akhbar sources add` and
// `sources import` do: the new [[sources]] tables are appended to the file
// (its comments and layout stay as the operator wrote them), the result is
// validated like any configuration before anything is written, and the file
// is replaced atomically (temporary file, fsync, rename), keeping its mode.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/config.h"

namespace akhbar::daemon {

// The TOML text of `sources` as [[sources]] tables (name, url, kind, and
// interval when it differs from `default_interval`).
std::string sources_as_toml(const std::vector<SourceConfig>& sources,
                            std::int64_t default_interval);

// Appends `sources` to the configuration file at `path`. Errors: the file
// cannot be read or written, or the result would not be a valid
// configuration (a duplicate name, say): then the file is left untouched.
Status append_sources(const std::string& path, const std::vector<SourceConfig>& sources);

// `wanted` when no configured source has that name, else wanted-2, -3, ...
std::string unique_source_name(const Config& config, const std::string& wanted,
                               const std::vector<SourceConfig>& also_taken = {});

}  // namespace akhbar::daemon
