// The news site of tests/fixtures/integration, served by a TestServer: the
// RSS and Atom feeds (their {{BASE}} replaced by the server's address) and
// the four story pages. Register before server.start().
#pragma once

#include <regex>
#include <string>

#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::testing {

// A fixture feed with {{BASE}} replaced by `base`.
inline std::string integration_feed(const std::string& name, const std::string& base) {
  return std::regex_replace(read_fixture("integration/" + name), std::regex("\\{\\{BASE\\}\\}"),
                            base);
}

inline void serve_integration_site(TestServer& server) {
  server.serve("/rss.xml", integration_feed("rss.xml", server.base()), "application/rss+xml");
  server.serve("/atom.xml", integration_feed("atom.xml", server.base()), "application/atom+xml");
  server.serve("/ar/politics/summit.html", read_fixture("integration/summit.html"), "text/html");
  server.serve("/ar/economy/oil.html", read_fixture("integration/oil.html"), "text/html");
  server.serve("/ar/sport/final.html", read_fixture("integration/final.html"), "text/html");
  // No charset anywhere: the bytes are windows-1256.
  server.serve("/ar/culture/book.html", read_fixture("integration/book-windows-1256.html"),
               "text/html");
}

}  // namespace akhbar::testing
