#!/usr/bin/env python3
"""Whole-process lint benchmark: the titanlint process against a bare libyaml event-parse process
on the same files, in paired alternating runs (bench/run-process-bench.sh builds and calls this).

For every corpus it runs, in each round and in a rotating order: the libyaml process, then titanlint
once per format, and titanlint once per format with `limits.maxFindingsPerFile: 1` (everything
evaluated, almost nothing printed). From wait4's rusage it takes each run's wall time, CPU time
(user + sys) and peak RSS. It prints, per corpus and format:

  - wall and CPU: medians of titanlint's runs, their spread (min-max), and the median of the
    per-round ratios to the libyaml run of the same round (paired, so drift cancels);
  - peak RSS, against the budget of 2x the input bytes + 24 MB;
  - the cost per printed finding: median over rounds of (full - capped) / (findings printed by the
    full run - findings printed by the capped run), from wall time and from CPU time.

It also times an empty run (one ConfigMap) against libyaml's empty run. Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FORMATS = ["text", "gcc", "json", "sarif", "github", "junit"]
# Formats that print suppressed findings too (text, gcc and github print only unsuppressed ones).
LISTS_SUPPRESSED = {"json", "sarif", "junit"}


MEASURE = None  # the titanlint_bench_measure binary, set from --measure


def run(argv):
    """Runs argv once through titanlint_bench_measure (stdout and stderr on /dev/null); returns
    (wall s, cpu s, peak RSS bytes, exit code). See bench/measure_main.cpp for why not from here."""
    out = subprocess.run([MEASURE, *argv], capture_output=True, check=True, text=True)
    wall, cpu, rss, code = out.stdout.split()
    return float(wall), float(cpu), int(rss), int(code)


def corpus_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if not f.startswith(".") and f.endswith((".yaml", ".yml", ".json")):
                total += os.path.getsize(os.path.join(root, f))
    return total


def printed_findings(titanlint, target, extra):
    """Findings a run prints: (unsuppressed, all listed), read from its json report."""
    out = subprocess.run([titanlint, target, "--format", "json", *extra], capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit(f"titanlint failed on {target}: {out.stderr.decode(errors='replace')}")
    report = json.loads(out.stdout)
    listed = report["findings"]
    return sum(1 for f in listed if not f["suppressed"]), len(listed)


def spread(values, scale=1.0, fmt="{:.1f}"):
    return f"{fmt.format(min(values) * scale)}-{fmt.format(max(values) * scale)}"


def bench_corpus(args, name, target, cap_config):
    size = corpus_bytes(target)
    budget = 2 * size + 24 * 2**20
    counts = {}
    full_unsuppressed, full_listed = printed_findings(args.titanlint, target, args.extra)
    cap_unsuppressed, cap_listed = printed_findings(
        args.titanlint, target, ["--config", cap_config, *args.extra]
    )
    for fmt in args.formats:
        if fmt in LISTS_SUPPRESSED:
            counts[fmt] = (full_listed, cap_listed)
        else:
            counts[fmt] = (full_unsuppressed, cap_unsuppressed)

    runs = {"libyaml": []}
    for fmt in args.formats:
        runs[fmt] = []
        runs[fmt + "/capped"] = []
    commands = [("libyaml", [args.libyaml, target])]
    for fmt in args.formats:
        commands.append((fmt, [args.titanlint, target, "--format", fmt, *args.extra]))
        commands.append(
            (fmt + "/capped",
             [args.titanlint, target, "--format", fmt, "--config", cap_config, *args.extra])
        )
    for _ in range(args.warmup):
        for _, argv in commands:
            run(argv)
    for round_index in range(args.runs):
        # Rotate the order so no command always runs first (or right after a heavy one).
        shift = round_index % len(commands)
        for key, argv in commands[shift:] + commands[:shift]:
            wall, cpu, rss, rc = run(argv)
            if key == "libyaml" and rc != 0:
                sys.exit(f"{args.libyaml} failed on {target}")
            if key != "libyaml" and rc not in (0, 1):
                sys.exit(f"titanlint failed (exit {rc}): {' '.join(argv)}")
            runs[key].append((wall, cpu, rss))

    base = runs["libyaml"]
    print(f"\n## {name}: {target}, {size / 1e6:.2f} MB; RSS budget 2x input + 24 MB = "
          f"{budget / 2**20:.1f} MiB")
    print(f"libyaml process: wall {statistics.median(w for w, _, _ in base) * 1e3:.1f} ms "
          f"({spread([w for w, _, _ in base], 1e3)}), cpu "
          f"{statistics.median(c for _, c, _ in base) * 1e3:.1f} ms, peak RSS "
          f"{max(r for _, _, r in base) / 2**20:.1f} MiB; {args.runs} rounds\n")
    print("| format | findings printed | wall ms (spread) | x libyaml wall | cpu ms | "
          "x libyaml cpu | peak RSS MiB | us/finding wall | us/finding cpu |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    for fmt in args.formats:
        full, capped = runs[fmt], runs[fmt + "/capped"]
        printed, printed_capped = counts[fmt]
        wall_ratio = statistics.median(full[i][0] / base[i][0] for i in range(args.runs))
        cpu_ratio = statistics.median(full[i][1] / base[i][1] for i in range(args.runs))
        extra = printed - printed_capped
        per_wall = per_cpu = float("nan")
        if extra > 0:
            per_wall = statistics.median((full[i][0] - capped[i][0]) / extra for i in range(args.runs))
            per_cpu = statistics.median((full[i][1] - capped[i][1]) / extra for i in range(args.runs))
        rss = max(r for _, _, r in full + capped)
        results[fmt] = {
            "printed": printed, "wall_ratio": wall_ratio, "cpu_ratio": cpu_ratio,
            "rss": rss, "budget": budget, "us_per_finding_wall": per_wall * 1e6,
            "us_per_finding_cpu": per_cpu * 1e6,
        }
        print(f"| {fmt} | {printed} | {statistics.median(w for w, _, _ in full) * 1e3:.1f} "
              f"({spread([w for w, _, _ in full], 1e3)}) | {wall_ratio:.2f} | "
              f"{statistics.median(c for _, c, _ in full) * 1e3:.1f} | {cpu_ratio:.2f} | "
              f"{rss / 2**20:.1f}{'' if rss <= budget else ' (over)'} | "
              f"{per_wall * 1e6:.2f} | {per_cpu * 1e6:.2f} |")
    return results


def bench_empty(args):
    with tempfile.TemporaryDirectory() as tmp:
        # From an empty directory, so that no .titanlint.yaml is found upward of it.
        previous = os.getcwd()
        os.chdir(tmp)
        path = os.path.join(tmp, "configmap.yaml")
        with open(path, "w") as f:
            f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
        commands = [("libyaml", [args.libyaml, path]), ("titanlint", [args.titanlint, path])]
        runs = {"libyaml": [], "titanlint": []}
        rounds = args.runs * 10
        for _ in range(rounds):
            for key, argv in commands:
                runs[key].append(run(argv)[:3])
        base, ours = runs["libyaml"], runs["titanlint"]
        os.chdir(previous)
        ratio = statistics.median(ours[i][0] / base[i][0] for i in range(rounds))
        print(f"\n## empty run (one ConfigMap), {rounds} rounds\n")
        print(f"libyaml process {statistics.median(w for w, _, _ in base) * 1e3:.2f} ms "
              f"({spread([w for w, _, _ in base], 1e3, '{:.2f}')}), titanlint "
              f"{statistics.median(w for w, _, _ in ours) * 1e3:.2f} ms "
              f"({spread([w for w, _, _ in ours], 1e3, '{:.2f}')}): {ratio:.2f}x; peak RSS "
              f"{max(r for _, _, r in base) / 2**20:.1f} vs {max(r for _, _, r in ours) / 2**20:.1f} MiB")
        return ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titanlint", required=True)
    parser.add_argument("--libyaml", required=True, help="the titanlint_libyaml_parse binary")
    parser.add_argument("--measure", required=True, help="the titanlint_bench_measure binary")
    parser.add_argument("--corpus", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--runs", type=int, default=11, help="rounds (default 11)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--no-empty", action="store_true", help="skip the empty-run comparison")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("extra", nargs="*", help="more titanlint flags, after --")
    args = parser.parse_args()
    args.formats = [f for f in args.formats.split(",") if f]
    args.titanlint = os.path.abspath(args.titanlint)
    args.libyaml = os.path.abspath(args.libyaml)
    global MEASURE
    MEASURE = os.path.abspath(args.measure)
    for fmt in args.formats:
        if fmt not in FORMATS:
            sys.exit(f"unknown format {fmt}")

    print(f"titanlint {args.titanlint} {' '.join(args.extra)}; baseline {args.libyaml}; "
          f"{os.cpu_count()} cores")
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        cap_config = os.path.join(tmp, "capped.yaml")
        with open(cap_config, "w") as f:
            f.write("limits:\n  maxFindingsPerFile: 1\n")
        for spec in args.corpus:
            name, _, path = spec.partition("=")
            report[name] = bench_corpus(args, name, path, cap_config)
    if not args.no_empty:
        report["empty_ratio"] = bench_empty(args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
