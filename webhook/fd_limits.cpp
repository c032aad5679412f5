#include "fd_limits.h"

#include <sys/resource.h>

#include <algorithm>

namespace titanlint::webhook {

std::uint64_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::uint64_t{1} << 20 : limit.rlim_cur;
}

std::size_t default_max_connections(std::uint64_t descriptor_limit) {
  const std::uint64_t reserve = std::min<std::uint64_t>(64, descriptor_limit / 2);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(descriptor_limit - reserve, 1, 10'000));
}

}  // namespace titanlint::webhook
