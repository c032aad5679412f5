#include "task_pool.h"

#include <sched.h>

namespace titanlint {

TaskBatch::TaskBatch(std::size_t count, std::function<void(std::size_t)> task)
    : count_(count), task_(std::move(task)), done_(new std::atomic<bool>[count]) {
  for (std::size_t i = 0; i < count; ++i) done_[i].store(false, std::memory_order_relaxed);
}

bool TaskBatch::run_one() {
  const std::size_t index = next_.fetch_add(1, std::memory_order_relaxed);
  if (index >= count_) return false;
  try {
    task_(index);
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  {
    // Under the lock, so that a waiter between its check and its sleep cannot miss it.
    std::lock_guard lock(mutex_);
    done_[index].store(true, std::memory_order_release);
  }
  finished_.notify_all();
  return true;
}

void TaskBatch::wait(std::size_t index) {
  while (!done_[index].load(std::memory_order_acquire)) {
    if (run_one()) continue;
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return done_[index].load(std::memory_order_acquire); });
  }
  std::lock_guard lock(mutex_);
  if (error_) std::rethrow_exception(error_);
}

void TaskBatch::wait_all() {
  for (std::size_t i = 0; i < count_; ++i) wait(i);
}

TaskPool::TaskPool(unsigned workers) {
  threads_.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void TaskPool::start(TaskBatch& batch) {
  if (threads_.empty()) return;
  {
    std::lock_guard lock(mutex_);
    batch_ = &batch;
    ++generation_;
  }
  changed_.notify_all();
}

void TaskPool::finish() {
  std::unique_lock lock(mutex_);
  batch_ = nullptr;
  changed_.wait(lock, [&] { return active_ == 0; });
}

void TaskPool::work() {
  std::uint64_t seen = 0;
  for (;;) {
    TaskBatch* batch = nullptr;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      batch = batch_;
      if (!batch) continue;  // finished before this worker woke
      ++active_;
    }
    while (batch->run_one()) {
    }
    {
      std::lock_guard lock(mutex_);
      --active_;
    }
    changed_.notify_all();
  }
}

unsigned default_jobs() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

}  // namespace titanlint
