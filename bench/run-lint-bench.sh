#!/usr/bin/env bash
# Builds the dev preset and runs the lint throughput benchmark with repetitions, then prints the
# ratio table (titanlint vs libyaml's bare event parse and vs yaml-cpp LoadAll, same corpus).
#
#   bench/run-lint-bench.sh                         # 10 repetitions, interleaved, medians
#   bench/run-lint-bench.sh --benchmark_repetitions=20 --corpus_documents=4000
#   BUILD_DIR=build/bench bench/run-lint-bench.sh   # a Release build dir of your own instead
#
# Extra arguments go to the benchmark (Google Benchmark 1.7 flags, plus --corpus_documents=N).
# On a busy machine compare the ratios (and the cpu columns), not the absolute figures.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -n "${BUILD_DIR:-}" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTITANLINT_BUILD_TESTS=ON >/dev/null
  cmake --build "$BUILD_DIR" --target lint_throughput_bench
  bench_binary="$BUILD_DIR/bench/lint_throughput_bench"
else
  cmake --preset dev >/dev/null
  cmake --build --preset dev --target lint_throughput_bench
  bench_binary="build/dev/bench/lint_throughput_bench"
fi

# Interleaving the repetitions spreads background load evenly over the benchmarks being compared.
exec "$bench_binary" \
  --benchmark_repetitions=10 \
  --benchmark_enable_random_interleaving=true \
  --benchmark_display_aggregates_only=true \
  "$@"
