#!/usr/bin/env bash
# `titanlint fix --diff` against `titanlint lint` on the generator's corpus (2,000 documents) and
# the defect-heavy one: paired alternating whole-process runs, medians and spreads (see
# bench/fix_bench.py). Issue 14's budget: fix --diff at most 1.3x lint.
#
#   bench/run-fix-bench.sh              # 11 rounds
#   bench/run-fix-bench.sh --runs 21
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench --target titanlint titanlint_gen_corpus titanlint_bench_measure \
  >/dev/null
build=build/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/titanlint_gen_corpus" "$work/realistic" 2000
"$build/bench/titanlint_gen_corpus" "$work/heavy" 2000 --defects heavy
exec python3 bench/fix_bench.py --titanlint "$build/titanlint" \
  --measure "$build/bench/titanlint_bench_measure" \
  --corpus "realistic=$work/realistic/k8s" --corpus "heavy=$work/heavy/k8s" "$@"
