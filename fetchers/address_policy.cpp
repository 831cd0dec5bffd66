#include "fetchers/address_policy.h"

#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace akhbar::fetchers {

namespace {

bool is_private_ipv4(std::uint32_t host_order) {
  const auto in = [&](std::uint32_t net, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (host_order & mask) == net;
  };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
         in(0x7F000000, 8) ||   // 127/8 loopback
         in(0xA9FE0000, 16) ||  // 169.254/16 link-local (cloud metadata)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xE0000000, 3);     // multicast, reserved, broadcast
}

}  // namespace

bool is_private_address(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return is_private_ipv4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    const std::uint8_t* b = v6->sin6_addr.s6_addr;
    static constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, kMappedPrefix, 12) == 0) {
      const std::uint32_t v4 = (std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
                               (std::uint32_t{b[14]} << 8) | b[15];
      return is_private_ipv4(v4);
    }
    static constexpr std::uint8_t kZero[15] = {};
    if (std::memcmp(b, kZero, 15) == 0) return b[15] <= 1;  // :: and ::1
    return (b[0] & 0xFE) == 0xFC ||                         // fc00::/7 unique local
           (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) ||       // fe80::/10 link-local
           b[0] == 0xFF;                                    // multicast
  }
  return true;  // unknown families are not for us
}

}  // namespace akhbar::fetchers
