#include "text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf8.h"

namespace akhbar::text {

namespace {

bool is_harakah(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640;
}

char32_t fold_letter(char32_t cp) {
  switch (cp) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:      // آ أ إ ٱ
      return 0x0627;  // ا
    case 0x0649:      // ى
      return 0x064A;  // ي
    case 0x0629:      // ة
      return 0x0647;  // ه
    case 0x0624:      // ؤ
      return 0x0648;  // و
    case 0x0626:      // ئ
      return 0x064A;  // ي
    default:
      break;
  }
  if (cp >= 0x0660 && cp <= 0x0669) return U'0' + (cp - 0x0660);  // Arabic-Indic digits
  if (cp >= 0x06F0 && cp <= 0x06F9) return U'0' + (cp - 0x06F0);  // Persian digits
  return cp;
}

// A letter, digit or combining mark: part of a word. ASCII and the Arabic
// letters, most of any Arabic text, are answered without asking ICU.
bool is_word_char(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9') || (cp >= U'A' && cp <= U'Z');
  }
  if ((cp >= 0x0621 && cp <= 0x063A) || (cp >= 0x0641 && cp <= 0x064A)) return true;
  return u_isalnum(static_cast<UChar32>(cp)) || u_charType(cp) == U_NON_SPACING_MARK;
}

}  // namespace

std::string fold_for_matching(std::string_view s) {
  // Invalid bytes become U+FFFD first, as a UTF-16 round trip would make them.
  std::string sanitized;
  if (!is_valid_utf8(s)) {
    sanitized = sanitize_utf8(s);
    s = sanitized;
  }
  // NFKC_Casefold also removes Default_Ignorable_Code_Point characters (bidi
  // marks and embeddings, ZWNJ/ZWJ, soft hyphen, BOM), so a format character
  // inside a word does not split it in two. UTF-8 in and out: no UTF-16
  // copy of the text on either side.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string compat;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&compat, static_cast<int32_t>(s.size()));
    nfkc->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink,
                        nullptr, status);
  }
  if (U_FAILURE(status)) compat = std::string(s);

  // Code points that stay as they are go out in runs of bytes, one append
  // per run (mostly a word) rather than one per code point: most letters
  // are left alone by folding.
  std::string out;
  out.reserve(compat.size());
  std::size_t run_start = 0;  // [run_start, run_end): kept bytes not yet in `out`
  std::size_t run_end = 0;
  const auto flush_run = [&] {
    out.append(compat, run_start, run_end - run_start);
    run_start = run_end;
  };
  bool pending_space = false;
  bool any_word = false;
  for (std::size_t pos = 0; pos < compat.size();) {
    const std::size_t start = pos;
    const char32_t original = next_code_point(compat, pos);
    if (is_harakah(original)) {
      flush_run();
      continue;
    }
    const char32_t cp = fold_letter(original);
    if (!is_word_char(cp)) {
      flush_run();
      pending_space = any_word;
      continue;
    }
    if (pending_space) {
      flush_run();
      out += ' ';
      pending_space = false;
    }
    any_word = true;
    if (cp == original) {
      if (run_end != start) {  // the run before was broken: start another
        flush_run();
        run_start = start;
      }
      run_end = pos;
    } else {
      flush_run();
      append_utf8(out, cp);
    }
  }
  flush_run();
  return out;
}

}  // namespace akhbar::text
