// Internal to the feed parser: what a strict XML reader would reject that
// pugixml accepts, and the repairs of the lenient second pass.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers::feed_detail {

// A well-formedness error pugixml does not report (it keeps an '&' that
// starts no reference, and references to undefined entities, as text):
// empty when there is none, else what and where.
std::string unreported_xml_error(std::string_view xml);

// `xml` made parseable for the lenient pass: anything before the first
// markup ('<?', '<!' or '<' and a letter) goes, end tags that close nothing
// open are dropped, end tags that skip open elements close them, and every
// element still open at the end is closed. Text is copied as is.
std::string repair_xml(std::string_view xml);

}  // namespace akhbar::parsers::feed_detail
