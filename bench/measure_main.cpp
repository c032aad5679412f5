// titanlint_bench_measure COMMAND [ARG...]: runs COMMAND once with its stdout and stderr on
// /dev/null and prints one line: `wall_seconds cpu_seconds max_rss_bytes exit_code`.
//
// bench/process_bench.py measures every run through this small process rather than spawning the
// command from Python: a child's peak RSS (ru_maxrss) counts the memory of the process it was
// forked from until it calls exec, so a command forked from the Python interpreter would report
// the interpreter's 20 MB as its own. Forked from here, it starts from this program's few hundred
// kilobytes.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
    return 2;
  }
  timespec start{}, end{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::fprintf(stderr, "%s: fork: %s\n", argv[0], std::strerror(errno));
    return 2;
  }
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::execv(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) < 0) {
    std::fprintf(stderr, "%s: wait4: %s\n", argv[0], std::strerror(errno));
    return 2;
  }
  ::clock_gettime(CLOCK_MONOTONIC, &end);
  const double wall =
      static_cast<double>(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::printf("%.9f %.6f %ld %d\n", wall, cpu, usage.ru_maxrss * 1024L, code);
  return 0;
}
