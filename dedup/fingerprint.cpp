#include "dedup/fingerprint.h"

#include "dedup/shingles.h"
#include "dedup/simhash.h"
#include "text/normalize.h"

namespace akhbar::dedup {

namespace {

constexpr unsigned char kBlobVersion = 1;

void put(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint64_t get(std::string_view in, std::size_t& pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= std::uint64_t{static_cast<unsigned char>(in[pos++])} << (8 * i);
  }
  return v;
}

}  // namespace

Fingerprint fingerprint_folded(std::string_view folded) {
  const std::vector<std::uint64_t> shingles = shingle_hashes(folded);
  Fingerprint f;
  f.shingle_count = static_cast<std::uint32_t>(shingles.size());
  f.simhash = simhash(shingles);
  f.minhash = minhash(shingles);
  return f;
}

Fingerprint fingerprint_text(std::string_view text) {
  return fingerprint_folded(text::fold_for_matching(text));
}

std::string serialize_fingerprint(const Fingerprint& f) {
  std::string out;
  out.reserve(kFingerprintBlobSize);
  out += static_cast<char>(kBlobVersion);
  put(out, f.shingle_count, 4);
  put(out, f.simhash, 8);
  for (const std::uint16_t v : f.minhash) put(out, v, 2);
  return out;
}

Result<Fingerprint> deserialize_fingerprint(std::string_view blob) {
  if (blob.size() != kFingerprintBlobSize) {
    return make_error("fingerprint blob has " + std::to_string(blob.size()) + " bytes, expected " +
                      std::to_string(kFingerprintBlobSize));
  }
  if (static_cast<unsigned char>(blob[0]) != kBlobVersion) {
    return make_error("fingerprint blob version " +
                      std::to_string(static_cast<unsigned char>(blob[0])) + " is not supported");
  }
  std::size_t pos = 1;
  Fingerprint f;
  f.shingle_count = static_cast<std::uint32_t>(get(blob, pos, 4));
  f.simhash = get(blob, pos, 8);
  for (std::uint16_t& v : f.minhash) v = static_cast<std::uint16_t>(get(blob, pos, 2));
  return f;
}

}  // namespace akhbar::dedup
