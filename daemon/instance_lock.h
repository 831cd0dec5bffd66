// InstanceLock: at most one akhbar process writes a given database. The lock
// is an flock(2) on "DATABASE.lock", released by the kernel when the process
// ends however it ends, so a crash never leaves a stale lock behind.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"

namespace akhbar::daemon {

class InstanceLock {
 public:
  // Fails with a message naming the database and the holder's pid when
  // another process holds the lock.
  static Result<std::unique_ptr<InstanceLock>> acquire(const std::string& database_path);
  ~InstanceLock();
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace akhbar::daemon
