#!/usr/bin/env bash
# Polaris's 44 built-in checks as titanlint custom checks (testdata/peers/polaris-custom/
# definitions, through customCheckDirs:) against the built-in rules alone, on the generator's
# corpus (2,000 documents): paired alternating whole-process runs, medians and spreads (see
# bench/custom_checks_bench.py). Issue 13's budget: the 44 checks add at most 50% (x 1.50).
#
#   bench/run-custom-checks-bench.sh              # 11 rounds
#   bench/run-custom-checks-bench.sh --runs 21
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench --target titanlint titanlint_gen_corpus titanlint_bench_measure \
  >/dev/null
build=build/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/titanlint_gen_corpus" "$work/realistic" 2000
printf 'rules: {}\n' >"$work/builtin.yaml"
printf 'customCheckDirs: [%s]\n' "$PWD/testdata/peers/polaris-custom/definitions" \
  >"$work/polaris.yaml"
exec python3 bench/custom_checks_bench.py --titanlint "$build/titanlint" \
  --measure "$build/bench/titanlint_bench_measure" --corpus "$work/realistic/k8s" \
  --builtin-config "$work/builtin.yaml" --custom-config "$work/polaris.yaml" "$@"
