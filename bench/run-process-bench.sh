#!/usr/bin/env bash
# Whole-process lint benchmark: the titanlint process against a bare libyaml event-parse process
# (titanlint_libyaml_parse) on the same files, in paired alternating runs; medians, spreads and
# ratios for every output format on two generated corpora (2,000 documents each): the realistic
# one and a defect-heavy one (at least 5 findings per document). See bench/process_bench.py.
#
#   bench/run-process-bench.sh                  # 11 rounds
#   bench/run-process-bench.sh --runs 21        # more rounds
#   bench/run-process-bench.sh -- --jobs 1      # titanlint flags after --
#
# Builds the `bench` preset (Release, with the benchmark programs) first. Figures in the README
# come from this script on a 2-core machine; on a busy machine compare the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench --target titanlint titanlint_libyaml_parse titanlint_gen_corpus \
  titanlint_bench_measure >/dev/null
build=build/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/titanlint_gen_corpus" "$work/realistic" 2000
"$build/bench/titanlint_gen_corpus" "$work/heavy" 2000 --defects heavy
exec python3 bench/process_bench.py --titanlint "$build/titanlint" \
  --libyaml "$build/bench/titanlint_libyaml_parse" --measure "$build/bench/titanlint_bench_measure" \
  --corpus "realistic=$work/realistic/k8s" --corpus "heavy=$work/heavy/k8s" "$@"
