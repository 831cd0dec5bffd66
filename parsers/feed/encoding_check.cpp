#include "parsers/feed/encoding_check.h"

#include <unicode/ucnv.h>

#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers::feed_detail {

namespace {

// The encoding="..." of an XML declaration at the start of `doc` (after a
// BOM and white space), as written; empty when there is none.
std::string_view declared_encoding(std::string_view doc) {
  if (doc.starts_with("\xEF\xBB\xBF")) doc.remove_prefix(3);
  while (!doc.empty() && detail::is_xml_space(doc.front())) doc.remove_prefix(1);
  if (!doc.starts_with("<?xml")) return {};
  const std::string_view decl = doc.substr(0, doc.find("?>"));
  const std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  std::size_t i = at + 8;
  while (i < decl.size() && detail::is_xml_space(decl[i])) ++i;
  if (i >= decl.size() || decl[i] != '=') return {};
  ++i;
  while (i < decl.size() && detail::is_xml_space(decl[i])) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
  const char quote = decl[i];
  const std::size_t end = decl.find(quote, i + 1);
  if (end == std::string_view::npos) return {};
  return detail::trim_xml_space(decl.substr(i + 1, end - i - 1));
}

bool known_encoding(std::string_view label) {
  if (label.size() > 64) return false;
  // Real encodings ICU's alias table lacks (Python's codec registry names
  // them): declaring one is no defect.
  static constexpr std::string_view kAlsoKnown[] = {
      "u8",        "u16",        "u32",       "koi8-t",     "macgreek",
      "maclatin2", "macturkish", "mac-greek", "mac-latin2", "mac-turkish"};
  const std::string lower = text::ascii_lower(label);
  for (std::string_view known : kAlsoKnown) {
    if (lower == known) return true;
  }
  UErrorCode status = U_ZERO_ERROR;
  // ucnv_getAlias looks the label up in the alias table without building a
  // converter.
  const char* alias = ucnv_getAlias(lower.c_str(), 0, &status);
  return U_SUCCESS(status) && alias != nullptr;
}

}  // namespace

std::string encoding_defect(std::string_view document) {
  const std::string_view declared = declared_encoding(document);
  if (!declared.empty() && !known_encoding(declared)) {
    const std::string shown(declared.substr(0, 40));
    return "document declared as " + shown + ", an unknown encoding";
  }
  return {};
}

}  // namespace akhbar::parsers::feed_detail
