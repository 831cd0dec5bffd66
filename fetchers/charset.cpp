#include "fetchers/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::fetchers {

namespace {

// Value of `name=` inside `haystack` (already lower case), up to a delimiter.
std::string attribute_value(std::string_view haystack, std::string_view name) {
  const size_t at = haystack.find(name);
  if (at == std::string_view::npos) return {};
  size_t pos = at + name.size();
  while (pos < haystack.size() && (haystack[pos] == ' ' || haystack[pos] == '=')) ++pos;
  while (pos < haystack.size() && (haystack[pos] == '"' || haystack[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < haystack.size() &&
         (std::isalnum(static_cast<unsigned char>(haystack[end])) || haystack[end] == '-' ||
          haystack[end] == '_' || haystack[end] == ':' || haystack[end] == '.')) {
    ++end;
  }
  return std::string(haystack.substr(pos, end - pos));
}

std::string charset_from_xml_declaration(std::string_view head) {
  if (head.rfind("<?xml", 0) != 0) return {};
  const size_t end = head.find("?>");
  return attribute_value(head.substr(0, end), "encoding");
}

std::string charset_from_meta(std::string_view head) {
  for (size_t pos = head.find("<meta"); pos != std::string_view::npos;
       pos = head.find("<meta", pos + 5)) {
    const size_t end = head.find('>', pos);
    const std::string_view tag = head.substr(pos, end == std::string_view::npos ? end : end - pos);
    std::string charset = attribute_value(tag, "charset");
    if (!charset.empty()) return charset;
  }
  return {};
}

// Labels that ICU does not know or that browsers treat differently
// (WHATWG Encoding Standard: latin1/ascii labels mean windows-1252).
std::string canonical_label(std::string label) {
  if (label == "utf8") return "utf-8";
  if (label == "iso-8859-1" || label == "latin1" || label == "us-ascii" || label == "ascii") {
    return "windows-1252";
  }
  if (label == "arabic" || label == "iso_8859-6" || label == "iso8859-6") return "iso-8859-6";
  if (label == "cp1256") return "windows-1256";
  return label;
}

// Converts with ICU; nullopt-like empty charset in the result when ICU does
// not know the label.
bool convert(std::string_view body, const std::string& charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* raw = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || raw == nullptr) return false;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(raw, ucnv_close);
  // ICU substitutes U+FFFD for invalid input by default when converting to Unicode.
  std::vector<UChar> utf16(body.size() * 2 + 16);
  const int32_t length =
      ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()), body.data(),
                    static_cast<int32_t>(body.size()), &status);
  if (U_FAILURE(status)) return false;
  // A UTF-16 unit is at most three bytes of UTF-8 (a pair: four for two).
  // A lone surrogate, which a decoder for a legacy charset should not
  // produce, becomes U+FFFD.
  out.resize(static_cast<size_t>(length) * 3);
  int32_t written = 0;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &written, utf16.data(), length,
                     0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<size_t>(written));
  return true;
}

// Most bodies are valid UTF-8 already: one validating scan and a plain copy
// beat rebuilding them character by character.
DecodedBody as_utf8(std::string_view body, std::string source, bool known_valid = false) {
  if (known_valid || text::is_valid_utf8(body))
    return {std::string(body), "utf-8", std::move(source)};
  return {text::sanitize_utf8(body), "utf-8", std::move(source)};
}

DecodedBody decode_with(std::string_view body, std::string charset, std::string source) {
  charset = canonical_label(std::move(charset));
  if (charset == "utf-8") return as_utf8(body, std::move(source));
  DecodedBody decoded;
  if (!convert(body, charset, decoded.text)) return {};
  decoded.charset = std::move(charset);
  decoded.source = std::move(source);
  return decoded;
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  return canonical_label(attribute_value(text::ascii_lower(content_type), "charset"));
}

DecodedBody decode_to_utf8(std::string_view body, std::string_view content_type) {
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) return as_utf8(body.substr(3), "bom");
  if (body.rfind("\xFF\xFE", 0) == 0) return decode_with(body.substr(2), "utf-16le", "bom");
  if (body.rfind("\xFE\xFF", 0) == 0) return decode_with(body.substr(2), "utf-16be", "bom");

  const std::string from_http = charset_from_content_type(content_type);
  if (!from_http.empty()) {
    DecodedBody decoded = decode_with(body, from_http, "http");
    if (!decoded.charset.empty()) return decoded;
  }
  // Declarations may follow white space (a stray new line before <?xml is common).
  const std::string head = text::ascii_lower(text::trim_ascii(body.substr(0, 4096)));
  for (const auto& [charset, source] : {std::pair{charset_from_xml_declaration(head), "xml"},
                                        std::pair{charset_from_meta(head), "meta"}}) {
    if (charset.empty()) continue;
    // A declaration we could read as ASCII cannot be UTF-16 (HTML spec: treat as UTF-8).
    const bool claims_utf16 = charset.rfind("utf-16", 0) == 0;
    DecodedBody decoded = decode_with(body, claims_utf16 ? "utf-8" : charset, source);
    if (!decoded.charset.empty()) return decoded;
  }
  if (text::is_valid_utf8(body)) return as_utf8(body, "guess", /*known_valid=*/true);
  DecodedBody legacy = decode_with(body, "windows-1256", "guess");
  if (!legacy.charset.empty()) return legacy;
  return as_utf8(body, "guess");
}

}  // namespace akhbar::fetchers
