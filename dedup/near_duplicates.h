// NearDuplicateIndex: finds the stored articles whose text is probably a
// near copy of a new one, in memory, in microseconds.
//
// Inside the window (default 14 days before the newest time seen) each entry
// keeps its whole Fingerprint and sits in 32 LSH band tables: candidates are
// the entries sharing a band, kept when their estimated Jaccard reaches the
// threshold. Entries older than the window are moved to the archive, which
// keeps only the first copy's id and the SimHash (about 40 bytes each) for the
// whole history: there a candidate is an entry within a few bits of SimHash
// distance, and its id and first_copy are both that first copy.
//
// Candidates are only candidates: the caller confirms them (classify() does,
// with the texts and the template guard). Not thread-safe; one owner.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "dedup/fingerprint.h"

namespace akhbar::dedup {

struct NearDuplicateOptions {
  std::int64_t window_seconds = 14 * 24 * 3600;
  double min_estimated_jaccard = 0.5;  // in-window candidates below this are dropped
  int max_archive_hamming = 3;         // archive candidates within this SimHash distance (0..3)
};

struct IndexEntry {
  std::int64_t id = 0;          // the article
  std::int64_t first_copy = 0;  // the article it duplicates, or id itself
  std::int64_t time = 0;        // seconds since the epoch (fetch time: it only grows)
  Fingerprint fingerprint;
};

struct Candidate {
  std::int64_t id = 0;
  std::int64_t first_copy = 0;
  bool in_window = false;
  double estimated_jaccard = 0;  // in-window candidates only
  int hamming = 0;               // SimHash distance
};

struct IndexStats {
  std::size_t in_window = 0;
  std::size_t archived = 0;
  std::size_t in_window_bytes = 0;  // heap bytes of the in-window structures
  std::size_t archive_bytes = 0;    // heap bytes of the archive structures
};

class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(NearDuplicateOptions options = {});

  // Adds an entry; first expires whatever has left the window relative to the
  // newest time seen. Entries with an empty fingerprint are ignored.
  void add(const IndexEntry& entry);

  // Candidates for a text with fingerprint `f` seen at `time`: in-window ones
  // best estimate first, then archive ones nearest first. Read-only.
  std::vector<Candidate> candidates(const Fingerprint& f, std::int64_t time) const;

  // Moves entries older than now - window to the archive.
  void expire(std::int64_t now);

  IndexStats stats() const;

  // The index as it is after adding `entries` (any order: they are added by
  // time) and expiring relative to `now`.
  static NearDuplicateIndex rebuild(std::vector<IndexEntry> entries, std::int64_t now,
                                    NearDuplicateOptions options = {});

 private:
  struct Slot {
    std::int64_t id;
    std::int64_t first_copy;
    std::int64_t time;
    Fingerprint fingerprint;
  };

  std::uint32_t home(std::uint32_t slot, int band) const;
  std::uint64_t band_hash(std::uint64_t key, int band) const;
  void insert_bands(std::uint32_t slot);
  void erase_bands(std::uint32_t slot);
  void erase_cell(int band, std::uint32_t cell);
  void grow_tables();
  void archive(std::int64_t first_copy, std::uint64_t simhash);

  NearDuplicateOptions options_;
  std::int64_t newest_ = 0;

  // In-window entries; free slots are reused.
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::deque<std::uint32_t> by_age_;  // slots in insertion order, for expiry
  std::size_t live_ = 0;

  // One open-addressing table per band, linear probing. A cell holds slot+1
  // (0 = empty) and no key: the key is recomputed from the slot's signature,
  // which halves the memory of a keyed table.
  std::vector<std::vector<std::uint32_t>> bands_;
  std::uint32_t mask_ = 0;

  // Archive: ids and SimHashes, and for each of the four 16-bit blocks of the
  // SimHash, the entries per block value. Two hashes within 3 bits agree
  // exactly on at least one block (Manku, Jain, Das Sarma 2007).
  // The id kept is the entry's first_copy: what a later match links to.
  std::vector<std::int64_t> archive_ids_;
  std::vector<std::uint64_t> archive_simhash_;
  std::vector<std::vector<std::vector<std::uint32_t>>> archive_blocks_;
};

}  // namespace akhbar::dedup
