#!/usr/bin/env python3
"""Compile scaling: generates rulesets of N value definitions (bench/gen_ruleset.py), times
`regel build` on each (median of three runs below 50 000 definitions, one above) and `regel run`
on one case, and records the peak memory of the build. Prints tab-separated lines
`N  build-seconds  peak-memory  run-seconds` (bench/results.py reads them), or a table with
--table. Not run in CI.

    bench/compile_scaling.py REGEL [--table] [SIZES...]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(cmd):
    """Runs cmd; returns (wall seconds, peak resident memory in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    args = sys.argv[1:]
    table = "--table" in args
    args = [a for a in args if a != "--table"]
    if not args:
        sys.exit(__doc__)
    regel, sizes = args[0], [int(a) for a in args[1:]] or [1000, 10000, 50000, 150000]
    rows = []
    with tempfile.TemporaryDirectory() as d:
        src, case, rgb = (os.path.join(d, f) for f in ("g.regel", "case.json", "g.rgb"))
        for n in sizes:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_ruleset.py"), str(n), src, case],
                           check=True, stdout=subprocess.DEVNULL)
            runs = [timed([regel, "build", src, "-o", rgb]) for _ in range(3 if n < 50000 else 1)]
            build = statistics.median(t for t, _ in runs)
            peak = max(m for _, m in runs)
            run, _ = timed([regel, "run", rgb, case, "--datum", "2023-03-01"])
            rows.append((n, build, peak, run))
    if table:
        print(f"{'definitions':>12} {'build (s)':>10} {'peak MiB':>9} {'run (s)':>8} {'build ratio':>18}")
        prev = None
        for n, build, peak, run in rows:
            ratio = f"{build / prev[1]:.2f} (size ×{n // prev[0]})" if prev else "-"
            print(f"{n:>12} {build:>10.2f} {peak:>9.0f} {run:>8.2f} {ratio:>18}")
            prev = (n, build)
    else:
        for n, build, peak, run in rows:
            print(f"{n}\t{build:.3f}\t{peak:.0f} MiB\t{run:.3f}")


if __name__ == "__main__":
    main()
