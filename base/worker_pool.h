// WorkerPool: a fixed set of threads that run the items of one batch in
// parallel. run(n, task) calls task(0) … task(n-1), each exactly once, on the
// pool's threads and the caller's, and returns when all are done; batches do
// not overlap (run() is for one caller thread). With 0 extra threads it is a
// plain loop. task must not throw.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace akhbar {

class WorkerPool {
 public:
  // `threads` workers besides the caller (0: the caller does everything).
  explicit WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Threads that run() uses: the workers and the caller.
  std::size_t parallelism() const { return workers_.size() + 1; }

  // Worker threads for a machine: one per core beyond the caller's when
  // `configured` is 0, else `configured` - 1.
  static std::size_t threads_for(std::size_t configured) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return (configured == 0 ? cores : configured) - 1;
  }

  void run(std::size_t n, const std::function<void(std::size_t)>& task) {
    if (workers_.empty() || n <= 1) {
      for (std::size_t i = 0; i < n; ++i) task(i);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      task_ = &task;
      next_ = 0;
      count_ = n;
      unfinished_ = n;
      ++generation_;
    }
    wake_.notify_all();
    take_items();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return unfinished_ == 0; });
    task_ = nullptr;
  }

 private:
  // Runs items of the current batch until none is left to start.
  void take_items() {
    for (;;) {
      std::size_t item;
      const std::function<void(std::size_t)>* task;
      {
        std::lock_guard lock(mutex_);
        if (task_ == nullptr || next_ >= count_) return;
        item = next_++;
        task = task_;
      }
      (*task)(item);
      bool last;
      {
        std::lock_guard lock(mutex_);
        last = --unfinished_ == 0;
      }
      if (last) done_.notify_all();
    }
  }

  void work() {
    std::size_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
      }
      take_items();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  std::size_t unfinished_ = 0;
  std::size_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace akhbar
