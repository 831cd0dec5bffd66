// Which peer addresses akhbar may connect to. Checked on the resolved
// address of every connection, so DNS names pointing inward and redirects to
// private hosts are caught too.
#pragma once

#include <sys/socket.h>

namespace akhbar::fetchers {

// True for loopback, RFC 1918 private, link-local, CGNAT (100.64/10),
// unspecified, multicast/broadcast, and IPv6 loopback/ULA/link-local
// (including IPv4-mapped forms of the IPv4 ones).
bool is_private_address(const sockaddr* address);

}  // namespace akhbar::fetchers
