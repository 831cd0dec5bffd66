// A fixed-bucket histogram of durations (or any non-negative values), as
// Prometheus exposes them: counts per bucket, their sum and count. Plain
// value; not thread-safe (owners lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace akhbar {

class Histogram {
 public:
  // `bounds`: increasing upper bounds; one more bucket holds what exceeds them.
  explicit Histogram(std::vector<double> bounds)
      : bounds_(std::move(bounds)), buckets_(bounds_.size() + 1, 0) {}

  void observe(double value) {
    std::size_t bucket = 0;
    while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
    ++buckets_[bucket];
    sum_ += value;
    ++count_;
  }
  // Adds `other`'s observations (same bounds; others are ignored).
  void merge(const Histogram& other) {
    if (other.bounds_ != bounds_) return;
    for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    sum_ += other.sum_;
    count_ += other.count_;
  }

  const std::vector<double>& bounds() const { return bounds_; }
  // Per bucket, not cumulative; the last is above every bound.
  const std::vector<std::uint64_t>& buckets() const { return buckets_; }
  double sum() const { return sum_; }
  std::uint64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> buckets_;
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace akhbar
