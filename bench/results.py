#!/usr/bin/env python3
"""Writes bench/RESULTS.md from one run of regel_bench (Google Benchmark JSON) and, when given,
the compile-scaling measurements. Every figure is a median over the run's repetitions, and every
ratio is against a baseline measured in the same run. Called by bench/run.sh; never by CI.

    bench/results.py BENCH.json [--compile COMPILE.tsv] [--batch-memory MEMORY.tsv] [--check TEXT]
        -o bench/RESULTS.md
"""
import argparse
import datetime
import json
import os
import platform
import subprocess

# name: (what it measures, the baseline it is compared with, the target as a ratio)
PER_DECISION = [
    ("BM_Handwritten", "the same rules written by hand in C++ (the baseline)", None, None),
    ("BM_VmUntraced", "VM, no trace", "BM_Handwritten", 5),
    ("BM_VmTraced", "VM, full trace recorded as data", "BM_VmUntraced", 3),
    ("BM_VmUntracedOneMonth", "VM, no trace, every case in one month", "BM_Handwritten", None),
    ("BM_JitUntraced", "JIT, no trace", "BM_Handwritten", 1.5),
    ("BM_JitTraced", "JIT, full trace", "BM_JitUntraced", 3),
    ("BM_VmTracedJson", "VM, full trace rendered as regel-beslut/1 JSON", "BM_VmUntraced", None),
]
END_TO_END = [
    ("BM_Decode", "JSON text to a decoded case", "BM_Handwritten"),
    ("BM_DecodeAndDecide", "JSON text, decoded and decided (reused Decider)", "BM_Handwritten"),
    ("BM_SessionDecide", "a reused `regel::Session`: JSON text to a decision", "BM_Handwritten"),
    ("BM_DecideJsonApi", "the one-call library API `regel::decideJson`", "BM_Handwritten"),
]


def medians(doc):
    out = {}
    for b in doc["benchmarks"]:
        if b.get("aggregate_name") == "median":
            out[b["run_name"]] = b
        elif "aggregate_name" not in b and b["run_name"] not in out:
            out[b["run_name"]] = b  # a run without repetitions
    return out


def ns(b, key="cpu_time"):
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    return b[key] * scale


def fmt_ns(x):
    if x >= 1e6:
        return f"{x / 1e6:,.2f} ms".replace(",", " ")
    if x >= 1e3:
        return f"{x / 1e3:,.2f} µs".replace(",", " ")
    return f"{x:.1f} ns"


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model or platform.processor()}, {os.cpu_count()} cores, load average {load}"


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def per_decision_table(m, lines):
    lines += ["| benchmark | what | CPU time per case | ratio | against | target |",
              "| --- | --- | ---: | ---: | --- | ---: |"]
    for name, what, base, target in PER_DECISION:
        if name not in m:
            lines.append(f"| `{name}` | {what} | not measured | | | {f'≤ {target}×' if target else ''} |")
            continue
        t = ns(m[name])
        if base and base in m:
            r = t / ns(m[base])
            verdict = "" if not target else (" ✓" if r <= target else " ✗")
            lines.append(f"| `{name}` | {what} | {fmt_ns(t)} | {r:.1f}×{verdict} | `{base}` | "
                         f"{f'≤ {target}×' if target else ''} |")
        else:
            lines.append(f"| `{name}` | {what} | {fmt_ns(t)} | 1 | | |")


def end_to_end_table(m, lines):
    lines += ["| benchmark | what | time per case | cases/s | × hand-written |",
              "| --- | --- | ---: | ---: | ---: |"]
    base = ns(m["BM_Handwritten"]) if "BM_Handwritten" in m else None
    batch_lines = []
    for name, what, _ in END_TO_END:
        if name not in m:
            continue
        t = ns(m[name])
        ips = m[name].get("items_per_second")
        rate = f"{ips:,.0f}".replace(",", " ") if ips else ""
        ratio = f"{t / base:.0f}×" if base else ""
        lines.append(f"| `{name}` | {what} (CPU) | {fmt_ns(t)} | {rate} | {ratio} |")
    # Batch iterations are 100 000 lines each, timed on the wall clock: a case's share is 1 / rate.
    for backend, label in (("BM_Batch", "VM"), ("BM_BatchJit", "JIT")):
        batch = {n.split("/")[1]: m[n] for n in m if n.startswith(backend + "/")}
        for threads in sorted(batch, key=int):
            ips = batch[threads].get("items_per_second")
            if not ips:
                continue
            t = 1e9 / ips
            ratio = f"{t / base:.0f}×" if base else ""
            rate = f"{ips:,.0f}".replace(",", " ")
            lines.append(f"| `{backend}/{threads}` | `regel::runBatch` on the {label}, JSON Lines in and out, "
                         f"{threads} worker thread{'s' if threads != '1' else ''} (wall) | {fmt_ns(t)} | {rate} | "
                         f"{ratio} |")
        if "1" in batch and "2" in batch:
            one, two = batch["1"].get("items_per_second"), batch["2"].get("items_per_second")
            if one and two:
                rate = f"{one:,.0f}".replace(",", " ")
                batch_lines.append(f"Batch on the {label}, one worker: {rate} decisions/s (target ≥ 500 000: "
                                   f"{'✓' if one >= 500000 else '✗'}); two workers give {two / one:.2f}× one "
                                   f"(target ≥ 1.8×: {'✓' if two / one >= 1.8 else '✗'}).")
    if batch_lines:
        lines += [""] + [l + "  " for l in batch_lines]


def compile_table(path, lines):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.strip().split("\t")
            if len(parts) >= 4 and parts[0].isdigit():
                rows.append((int(parts[0]), float(parts[1]), parts[2], float(parts[3])))
    if not rows:
        lines.append("(no compile measurements)")
        return
    lines += ["Rulesets from `bench/gen_ruleset.py N` (about 1.1·N rules), built with `regel build` "
              "(median of 3 below 50 000 definitions), then one case run from the .rgb.", "",
              "| definitions | build (s) | peak memory | s per 1 000 definitions | run one case (s) |",
              "| ---: | ---: | ---: | ---: | ---: |"]
    for n, secs, mem, run in rows:
        lines.append(f"| {n:,} | {secs:.3f} | {mem} | {secs / n * 1000:.4f} | {run:.2f} |".replace(",", " "))
    (n0, s0, _, _), (n1, s1, _, _) = rows[0], rows[-1]
    if s0 > 0:
        lines.append("")
        lines.append(f"From {n0:,} to {n1:,} definitions ({n1 / n0:.0f}× as many) the time grows "
                     f"{s1 / s0:.1f}×.".replace(",", " "))


def batch_memory_section(path, lines):
    rows, info = [], {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0].isdigit() and len(parts) == 4:
                rows.append((int(parts[0]), float(parts[1]), float(parts[2]), float(parts[3])))
            elif len(parts) == 2:
                info[parts[0]] = parts[1]
    if not rows:
        lines.append("(no batch memory measurements)")
        return
    lines += ["`bench/batch_memory.py`: the bundled försörjningsstöd applications cycled through "
              "`regel batch … - --threads 2` on standard input, each line with its own id and every "
              "1 000th line corrupt; the output is read as it comes and checked: one line out per line in, "
              "in order, and error records exactly on the corrupt lines. Resident "
              "memory of the batch process as it passes each mark:", "",
              "| cases decided | resident | peak so far | seconds |", "| ---: | ---: | ---: | ---: |"]
    for cases, resident, peak, secs in rows:
        lines.append(f"| {cases:,} | {resident:.1f} MiB | {peak:.1f} MiB | {secs:.1f} |".replace(",", " "))
    first, last = rows[0], rows[-1]
    flat = last[2] <= first[2] * 1.05 + 1
    lines += ["", f"Peak from {first[0]:,} to {last[0]:,} cases: {first[2]:.1f} → {last[2]:.1f} MiB "
              f"(flat memory: {'✓' if flat else '✗'}).".replace(",", " "),
              f"Summary: `{info.get('summary', '?')}`. Output check: {info.get('check', '?')}."]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_json")
    ap.add_argument("--compile")
    ap.add_argument("--batch-memory", help="bench/batch_memory.py's output")
    ap.add_argument("--check", help="the equality check's output")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    with open(a.bench_json) as f:
        doc = json.load(f)
    m = medians(doc)
    reps = doc["benchmarks"][0].get("repetitions", 1) if doc["benchmarks"] else 0
    lines = ["# Benchmark results", "",
             "Written by `bench/run.sh` (do not edit by hand). Every figure is the median of "
             f"{reps} repetitions of one run, interleaved in a random order, CPU time per case; every ratio is against a baseline "
             "measured in the same run.", "",
             f"- date: {datetime.date.today().isoformat()}, commit {commit()}",
             f"- machine: {machine()}",
             "- cases: 1 000 generated försörjningsstöd households (bench/stod_cases.cpp), cycled", ""]
    if a.check:
        with open(a.check) as f:
            tail = [l.rstrip() for l in f if l.strip()][-1:]
        lines += [f"Equality check (hand-written vs VM{', JIT' if 'BM_JitUntraced' in m else ''}, "
                  f"untraced and traced): `{tail[0] if tail else '?'}`", ""]
    lines += ["## Per decision", ""]
    per_decision_table(m, lines)
    lines += ["", "## JSON in, decision out", ""]
    end_to_end_table(m, lines)
    if a.compile:
        lines += ["", "## Compile time by ruleset size", ""]
        compile_table(a.compile, lines)
    if a.batch_memory:
        lines += ["", "## Batch over many cases: memory and corrupt lines", ""]
        batch_memory_section(a.batch_memory, lines)
    b = m.get("BM_Compile")
    if b:
        lines += ["", f"Compiling `bench/stod.regel` (300 lines): {fmt_ns(ns(b))}."]
    with open(a.output, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
