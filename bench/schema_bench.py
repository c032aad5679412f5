#!/usr/bin/env python3
"""Schema-rule cost: the whole titanlint process with the schema rules (TL006-TL008, TL010-TL012,
on by default) against the same process with them switched off in .titanlint.yaml, on the same
corpora, in paired alternating runs (bench/run-schema-bench.sh builds and calls this).

Each round runs both configurations in a rotating order; each run goes through
titanlint_bench_measure (wall, CPU, peak RSS from wait4). Prints per corpus the medians of wall
and CPU time of each, and the median of the per-round ratios (paired, so drift cancels): the
overhead the schema rules add. Standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

SCHEMA_RULES = ["TL006", "TL007", "TL008", "TL010", "TL011", "TL012"]


def measure(measure_bin, argv):
    out = subprocess.run([measure_bin, *argv], capture_output=True, check=True, text=True)
    wall, cpu, rss, code = out.stdout.split()
    return float(wall), float(cpu), int(rss), int(code)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titanlint", required=True)
    parser.add_argument("--measure", required=True, help="the titanlint_bench_measure binary")
    parser.add_argument("--corpus", action="append", required=True, help="NAME=DIR")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--format", default="text")
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    on_cfg = os.path.join(work, "on.yaml")
    off_cfg = os.path.join(work, "off.yaml")
    with open(on_cfg, "w") as f:
        f.write("rules: {}\n")
    with open(off_cfg, "w") as f:
        f.write("rules:\n" + "".join(f"  {c}: off\n" for c in SCHEMA_RULES))
    print(f"titanlint {args.titanlint}, --format {args.format}, {args.runs} paired rounds")
    for spec in args.corpus:
        name, directory = spec.split("=", 1)
        runs = {"on": [], "off": []}
        ratios_wall, ratios_cpu = [], []
        for i in range(args.runs):
            order = ["on", "off"] if i % 2 == 0 else ["off", "on"]
            this = {}
            for which in order:
                cfg = on_cfg if which == "on" else off_cfg
                this[which] = measure(args.measure, [args.titanlint, "lint", "--config", cfg,
                                                     "--format", args.format, directory])
                runs[which].append(this[which])
            ratios_wall.append(this["on"][0] / this["off"][0])
            ratios_cpu.append(this["on"][1] / this["off"][1])
        for which in ("off", "on"):
            wall = statistics.median(r[0] for r in runs[which])
            cpu = statistics.median(r[1] for r in runs[which])
            rss = statistics.median(r[2] for r in runs[which]) / 2**20
            print(f"  {name:<10} schema rules {which:<3}: wall {wall * 1000:7.1f} ms  "
                  f"cpu {cpu * 1000:7.1f} ms  peak RSS {rss:5.1f} MB")
        print(f"  {name:<10} overhead (median of paired ratios): wall "
              f"{(statistics.median(ratios_wall) - 1) * 100:+.1f}%  cpu "
              f"{(statistics.median(ratios_cpu) - 1) * 100:+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
