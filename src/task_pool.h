// A fixed set of worker threads that run numbered tasks: the lint pipeline's parallelism. The
// calling thread works too (it takes tasks while it waits), so `TaskPool(0)` runs everything on
// the caller, in order: --jobs 1 is the serial path.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace titanlint {

// Tasks 0..count-1, taken in order by whichever thread is free; each one's completion can be
// waited for. A task that throws stops nothing else; the first exception is rethrown by wait().
class TaskBatch {
 public:
  TaskBatch(std::size_t count, std::function<void(std::size_t)> task);

  // Takes the next task and runs it; false when every task has been taken.
  bool run_one();
  // Until task `index` is done: runs other tasks meanwhile, or sleeps when none are left.
  void wait(std::size_t index);
  // Until every task is done.
  void wait_all();
  std::size_t size() const { return count_; }

 private:
  std::size_t count_;
  std::function<void(std::size_t)> task_;
  std::atomic<std::size_t> next_{0};
  std::unique_ptr<std::atomic<bool>[]> done_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::exception_ptr error_;
};

class TaskPool {
 public:
  explicit TaskPool(unsigned workers);  // threads besides the caller
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // The workers take the batch's tasks while a Session lives; the caller waits on the batch
  // (and works). The session's end waits until no worker touches the batch any more, so the
  // batch may go right after it.
  class Session {
   public:
    Session(TaskPool& pool, TaskBatch& batch) : pool_(pool) { pool_.start(batch); }
    ~Session() { pool_.finish(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

   private:
    TaskPool& pool_;
  };
  unsigned workers() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void start(TaskBatch& batch);
  void finish();
  void work();

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable changed_;
  TaskBatch* batch_ = nullptr;
  std::uint64_t generation_ = 0;
  unsigned active_ = 0;  // workers inside the current batch
  bool stopping_ = false;
};

// The --jobs default: the cores this process may run on.
unsigned default_jobs();

}  // namespace titanlint
