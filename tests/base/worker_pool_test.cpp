#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace akhbar {
namespace {

TEST(WorkerPool, RunsEveryItemExactlyOnceAcrossManyBatches) {
  WorkerPool pool(3);
  for (int batch = 0; batch < 200; ++batch) {
    const std::size_t n = static_cast<std::size_t>(batch % 17);
    std::vector<std::atomic<int>> runs(n);
    pool.run(n, [&](std::size_t i) { runs[i].fetch_add(1); });
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(runs[i].load(), 1) << batch << " " << i;
  }
}

TEST(WorkerPool, ItemsRunOnSeveralThreadsAtOnce) {
  WorkerPool pool(2);
  ASSERT_EQ(pool.parallelism(), 3u);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  pool.run(3, [&](std::size_t) {
    const int now = ++inside;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    {
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    // Each item waits (bounded) until all three are inside together.
    for (int spin = 0; spin < 2000 && most.load() < 3; ++spin) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    --inside;
  });
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(threads.size(), 3u);
}

TEST(WorkerPool, WithoutWorkersTheCallerRunsItemsInOrder) {
  WorkerPool pool(0);
  std::vector<std::size_t> order;
  pool.run(5, [&](std::size_t i) { order.push_back(i); });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(WorkerPool::threads_for(1), 0u);
  EXPECT_EQ(WorkerPool::threads_for(4), 3u);
}

}  // namespace
}  // namespace akhbar
