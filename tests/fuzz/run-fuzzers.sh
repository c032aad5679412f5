#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/targets.txt) for a bounded time, with its seeds and
# dictionary, and fails if any target crashes, breaks an invariant, leaks, times out or runs out
# of memory.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_PER_TARGET]     (default 30)
#
# Environment: BUILD_DIR (default build/asan, configured with the asan preset), FUZZ_TARGETS (a
# space-separated subset), FUZZ_JOBS (targets run at once, default 1).
#
# Under BUILD_DIR/fuzz/: seeds/<target>/ (assembled from the sources in targets.txt, the
# target's seeds/ and regressions/), corpus/<target>/ (the scratch corpus; kept, so a later run
# goes on from it), logs/<target>.log, and crashes/<target>/ (every crash, leak, timeout or OOM
# input). A crash input goes to tests/fuzz/regressions/<target>/ once the bug is fixed, where the
# fuzz_replay_<target> test replays it in every build.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-30}"
build="${BUILD_DIR:-$root/build/asan}"
jobs="${FUZZ_JOBS:-1}"
out="$build/fuzz"

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi

# target -> max_len, seed sources
declare -A max_len sources
order=()
while read -r name len rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  max_len[$name]="$len"
  sources[$name]="$rest"
  order+=("$name")
done < "$here/targets.txt"
targets=(${FUZZ_TARGETS:-${order[@]}})

for t in "${targets[@]}"; do
  if [ -z "${max_len[$t]:-}" ]; then
    echo "run-fuzzers: unknown target $t (see tests/fuzz/targets.txt)" >&2
    exit 2
  fi
  if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
    echo "run-fuzzers: $build/tests/fuzz/fuzz_$t is missing: build the asan preset first" >&2
    echo "  (cmake --preset asan && cmake --build --preset asan)" >&2
    exit 2
  fi
done

# The seed corpus: every file of the sources, named by content (duplicates collapse).
assemble_seeds() {
  local t="$1" dir="$out/seeds/$1" src file
  rm -rf "$dir"
  mkdir -p "$dir"
  for src in ${sources[$t]} "tests/fuzz/seeds/$t" "tests/fuzz/regressions/$t"; do
    [ -e "$root/$src" ] || continue
    find "$root/$src" -type f -not -path '*/.*' -print0 |
      while IFS= read -r -d '' file; do
        cp "$file" "$dir/$(sha1sum < "$file" | cut -c1-40)"
      done
  done
}

run_target() {
  local t="$1" log="$out/logs/$1.log" crashes="$out/crashes/$1"
  mkdir -p "$out/corpus/$t" "$crashes" "$out/logs"
  local status=0
  # LeakSanitizer and UBSan report through libFuzzer, which saves the input and exits non-zero.
  ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
    "$build/tests/fuzz/fuzz_$t" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len="${max_len[$t]}" -dict="$here/dicts/$t.dict" \
    -artifact_prefix="$crashes/" -print_final_stats=1 \
    "$out/corpus/$t" "$out/seeds/$t" > "$log" 2>&1 || status=$?
  echo "$status" > "$out/logs/$t.status"
}

summarise() {
  local t="$1" log="$out/logs/$1.log" status final execs rate cov ft corp
  status="$(cat "$out/logs/$t.status")"
  final="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  cov="$(grep -oE 'cov: [0-9]+' <<< "$final" | cut -d' ' -f2 || true)"
  ft="$(grep -oE 'ft: [0-9]+' <<< "$final" | cut -d' ' -f2 || true)"
  corp="$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]+' <<< "$final" | cut -d' ' -f2 || true)"
  local result=ok
  local found
  found="$(find "$out/crashes/$t" -type f | wc -l)"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then result="FAILED (exit $status)"; fi
  printf '%-18s %12s %9s %7s %8s %12s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result"
  [ "$result" = ok ]
}

mkdir -p "$out"
echo "run-fuzzers: ${#targets[@]} targets, ${seconds}s each, $jobs at a time, in $out"
for t in "${targets[@]}"; do
  assemble_seeds "$t"
  rm -rf "$out/crashes/$t"
done

running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait

printf '%-18s %12s %9s %7s %8s %12s  %s\n' target executions exec/s cov ft corpus result
failed=()
for t in "${targets[@]}"; do summarise "$t" || failed+=("$t"); done

if [ "${#failed[@]}" -ne 0 ]; then
  for t in "${failed[@]}"; do
    echo
    echo "=== $t: $out/logs/$t.log (last 40 lines)"
    tail -n 40 "$out/logs/$t.log"
    echo "=== $t: inputs that failed, in $out/crashes/$t/:"
    ls -l "$out/crashes/$t" || true
  done
  echo
  echo "run-fuzzers: FAILED: ${failed[*]}. Reproduce with $build/tests/fuzz/fuzz_TARGET INPUT;"
  echo "once fixed, copy the input to tests/fuzz/regressions/TARGET/ (fuzz_replay_TARGET replays it)."
  exit 1
fi
echo "run-fuzzers: all ${#targets[@]} targets ran ${seconds}s without a crash, leak, timeout or OOM"
