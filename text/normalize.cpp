#include "text/normalize.h"

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

}  // namespace

std::string fold_for_matching(std::string_view s) {
  // NFKC_Casefold also removes Default_Ignorable_Code_Point characters (bidi
  // marks and embeddings, ZWNJ/ZWJ, soft hyphen, BOM), so a format character
  // inside a word does not split it in two.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string compat;
  if (U_SUCCESS(status)) {
    const icu::UnicodeString folded = nfkc->normalize(
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))),
        status);
    if (U_SUCCESS(status)) folded.toUTF8String(compat);
  }
  if (U_FAILURE(status)) compat = sanitize_utf8(s);

  std::string out;
  out.reserve(compat.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < compat.size();) {
    char32_t cp = next_code_point(compat, pos);
    if (is_harakah(cp)) continue;
    cp = fold_letter(cp);
    const bool word_char =
        u_isalnum(static_cast<UChar32>(cp)) || u_charType(cp) == U_NON_SPACING_MARK;
    if (!word_char) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace akhbar::text
