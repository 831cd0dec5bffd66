// Internal to the feed parser: defects of a document's character encoding
// that survive decoding to UTF-8 and are worth reporting as `malformed`
// (feedparser reports them too, as CharacterEncodingOverride).
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers::feed_detail {

// Empty when there is nothing to report; else what is wrong: the XML
// declaration names an encoding no converter knows (ICU's alias table, plus
// a few real encodings it lacks), so the document was decoded with another.
// U+FFFD in the text is not taken as a defect: valid feeds carry it
// literally (a mis-decoding upstream of the publisher, not of this document).
std::string encoding_defect(std::string_view document);

}  // namespace akhbar::parsers::feed_detail
