#include "dedup/near_duplicates.h"

#include <algorithm>

#include "dedup/hash64.h"
#include "dedup/simhash.h"

namespace akhbar::dedup {

namespace {

constexpr std::uint32_t kEmpty = 0;
constexpr int kArchiveBlocks = 4;
constexpr std::size_t kInitialCells = 1024;

std::uint16_t block_of(std::uint64_t simhash, int block) {
  return static_cast<std::uint16_t>(simhash >> (16 * block));
}

template <class V>
std::size_t vector_bytes(const V& v) {
  return v.capacity() * sizeof(typename V::value_type);
}

}  // namespace

NearDuplicateIndex::NearDuplicateIndex(NearDuplicateOptions options)
    : options_(options),
      bands_(kMinHashBands, std::vector<std::uint32_t>(kInitialCells, kEmpty)),
      mask_(kInitialCells - 1),
      archive_blocks_(kArchiveBlocks, std::vector<std::vector<std::uint32_t>>(65536)) {
  options_.max_archive_hamming = std::clamp(options_.max_archive_hamming, 0, 3);
}

std::uint64_t NearDuplicateIndex::band_hash(std::uint64_t key, int band) const {
  return mix64(key ^ (static_cast<std::uint64_t>(band) << 58));
}

std::uint32_t NearDuplicateIndex::home(std::uint32_t slot, int band) const {
  return static_cast<std::uint32_t>(
             band_hash(band_key(slots_[slot].fingerprint.minhash, band), band)) &
         mask_;
}

void NearDuplicateIndex::insert_bands(std::uint32_t slot) {
  for (int b = 0; b < kMinHashBands; ++b) {
    std::vector<std::uint32_t>& table = bands_[b];
    std::uint32_t i = home(slot, b);
    while (table[i] != kEmpty) i = (i + 1) & mask_;
    table[i] = slot + 1;
  }
}

void NearDuplicateIndex::erase_cell(int band, std::uint32_t i) {
  std::vector<std::uint32_t>& table = bands_[band];
  // Backward-shift deletion (Knuth, TAOCP vol. 3, 6.4 algorithm R): later
  // cells of the run move back into the hole unless their home lies
  // cyclically in (hole, cell], so that no lookup stops early at a hole.
  table[i] = kEmpty;
  for (std::uint32_t j = (i + 1) & mask_; table[j] != kEmpty; j = (j + 1) & mask_) {
    const std::uint32_t k = home(table[j] - 1, band);
    const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
    if (stays) continue;
    table[i] = table[j];
    table[j] = kEmpty;
    i = j;
  }
}

void NearDuplicateIndex::erase_bands(std::uint32_t slot) {
  for (int b = 0; b < kMinHashBands; ++b) {
    std::uint32_t i = home(slot, b);
    while (bands_[b][i] != slot + 1) i = (i + 1) & mask_;
    erase_cell(b, i);
  }
}

void NearDuplicateIndex::grow_tables() {
  const std::size_t cells = bands_[0].size() * 2;
  mask_ = static_cast<std::uint32_t>(cells - 1);
  for (auto& table : bands_) table.assign(cells, kEmpty);
  for (std::uint32_t slot = 0; slot < slots_.size(); ++slot) {
    if (slots_[slot].fingerprint.shingle_count != 0) insert_bands(slot);  // freed slots have 0
  }
}

void NearDuplicateIndex::archive(std::int64_t first_copy, std::uint64_t simhash) {
  const auto index = static_cast<std::uint32_t>(archive_ids_.size());
  archive_ids_.push_back(first_copy);
  archive_simhash_.push_back(simhash);
  for (int b = 0; b < kArchiveBlocks; ++b) {
    archive_blocks_[b][block_of(simhash, b)].push_back(index);
  }
}

void NearDuplicateIndex::add(const IndexEntry& entry) {
  if (entry.fingerprint.shingle_count == 0) return;
  newest_ = std::max(newest_, entry.time);
  expire(newest_);
  if (entry.time < newest_ - options_.window_seconds) {
    archive(entry.first_copy, entry.fingerprint.simhash);
    return;
  }
  // Keep the tables at most 5/8 full: linear probing stays short there.
  if ((live_ + 1) * 8 > bands_[0].size() * 5) grow_tables();
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
    slots_[slot] = Slot{entry.id, entry.first_copy, entry.time, entry.fingerprint};
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{entry.id, entry.first_copy, entry.time, entry.fingerprint});
  }
  ++live_;
  insert_bands(slot);
  by_age_.push_back(slot);
}

void NearDuplicateIndex::expire(std::int64_t now) {
  const std::int64_t cutoff = now - options_.window_seconds;
  while (!by_age_.empty() && slots_[by_age_.front()].time < cutoff) {
    const std::uint32_t slot = by_age_.front();
    by_age_.pop_front();
    erase_bands(slot);
    archive(slots_[slot].first_copy, slots_[slot].fingerprint.simhash);
    slots_[slot].fingerprint.shingle_count = 0;
    free_.push_back(slot);
    --live_;
  }
}

std::vector<Candidate> NearDuplicateIndex::candidates(const Fingerprint& f,
                                                      std::int64_t time) const {
  std::vector<Candidate> out;
  if (f.shingle_count == 0) return out;
  std::vector<std::uint32_t> seen;
  const std::int64_t cutoff = time - options_.window_seconds;
  for (int b = 0; b < kMinHashBands; ++b) {
    const std::uint64_t key = band_key(f.minhash, b);
    const std::vector<std::uint32_t>& table = bands_[b];
    for (std::uint32_t i = static_cast<std::uint32_t>(band_hash(key, b)) & mask_;
         table[i] != kEmpty; i = (i + 1) & mask_) {
      const std::uint32_t slot = table[i] - 1;
      if (band_key(slots_[slot].fingerprint.minhash, b) != key) continue;
      if (std::find(seen.begin(), seen.end(), slot) != seen.end()) continue;
      seen.push_back(slot);
      const Slot& s = slots_[slot];
      if (s.time < cutoff) continue;
      const double j = estimate_jaccard(f.minhash, s.fingerprint.minhash);
      if (j < options_.min_estimated_jaccard) continue;
      out.push_back(Candidate{s.id, s.first_copy, true, j,
                              hamming_distance(f.simhash, s.fingerprint.simhash)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.estimated_jaccard != b.estimated_jaccard)
      return a.estimated_jaccard > b.estimated_jaccard;
    return a.id < b.id;
  });

  std::vector<Candidate> archived;
  std::vector<std::uint32_t> seen_archive;
  for (int b = 0; b < kArchiveBlocks; ++b) {
    for (const std::uint32_t index : archive_blocks_[b][block_of(f.simhash, b)]) {
      const int d = hamming_distance(f.simhash, archive_simhash_[index]);
      if (d > options_.max_archive_hamming) continue;
      if (std::find(seen_archive.begin(), seen_archive.end(), index) != seen_archive.end()) {
        continue;
      }
      seen_archive.push_back(index);
      const std::int64_t id = archive_ids_[index];
      archived.push_back(Candidate{id, id, false, 0, d});
    }
  }
  std::sort(archived.begin(), archived.end(), [](const Candidate& a, const Candidate& b) {
    return a.hamming != b.hamming ? a.hamming < b.hamming : a.id < b.id;
  });
  out.insert(out.end(), archived.begin(), archived.end());
  return out;
}

IndexStats NearDuplicateIndex::stats() const {
  IndexStats s;
  s.in_window = live_;
  s.archived = archive_ids_.size();
  s.in_window_bytes =
      vector_bytes(slots_) + vector_bytes(free_) + by_age_.size() * sizeof(std::uint32_t);
  for (const auto& table : bands_) s.in_window_bytes += vector_bytes(table);
  s.archive_bytes = vector_bytes(archive_ids_) + vector_bytes(archive_simhash_);
  for (const auto& block : archive_blocks_) {
    s.archive_bytes += vector_bytes(block);
    for (const auto& bucket : block) s.archive_bytes += vector_bytes(bucket);
  }
  return s;
}

NearDuplicateIndex NearDuplicateIndex::rebuild(std::vector<IndexEntry> entries, std::int64_t now,
                                               NearDuplicateOptions options) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const IndexEntry& a, const IndexEntry& b) { return a.time < b.time; });
  NearDuplicateIndex index(options);
  const std::int64_t cutoff = now - options.window_seconds;
  for (const IndexEntry& e : entries) {
    if (e.fingerprint.shingle_count == 0) continue;
    if (e.time < cutoff) {
      index.archive(e.first_copy, e.fingerprint.simhash);  // straight to the archive
    } else {
      index.add(e);
    }
  }
  index.newest_ = std::max(index.newest_, now);
  index.expire(now);
  return index;
}

}  // namespace akhbar::dedup
