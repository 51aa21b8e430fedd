#!/usr/bin/env python3
"""Differential fuzzer: the LLVM JIT against the VM (not run by CI).

The promise of `--jit` is that decisions AND traces are byte-identical with and without it. This
driver takes rulesets (the bundled ones, tests/support/*.regel and tests/golden/**, mutated by
mutate_rulesets.py, or as they are) and cases generated from each ruleset's `indata` shape
(fuzz_cases.py's generator, plus the bundled applications), and runs every command twice,
without and with `--jit`:

  regel run RGB CASES... --trace json [--datum D]    (JSON Lines, one document per case)
  regel run RGB CASES... --explain [--datum D]
  regel batch RGB CASES.jsonl -o - --trace           (the JIT on --jit-threads 2, the VM on 1)
  regel test RULES.regel --coverage

A finding is any difference in exit code, stdout or stderr between the two runs, a crash (a
signal, an exit code other than 0/1, a sanitizer report) or a timeout. Each finding is saved under
--out with the ruleset, the cases, the commands and a diff. Bounded by --iterations and --seconds.

Use a Release build for speed or a sanitizer build (see README.md) for memory errors; the JIT
needs a build with LLVM 14 (`regel run --jit` says so when it is missing):

  python3 bench/fuzz/fuzz_jit.py --regel build/regel --seconds 180 --jobs 2
  python3 bench/fuzz/fuzz_jit.py --regel build/regel --mutate 0 --cases 200   # no mutation
"""
import argparse
import difflib
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, FIRST_COMPLETED, wait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz_cases  # noqa: E402  (schema() and Gen: cases of a ruleset's indata shape)
import mutate_rulesets  # noqa: E402  (mutate(): token and declaration mutations)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAN_MARKERS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "UndefinedBehaviorSanitizer",
               "terminate called", "Assertion", "Segmentation fault")


def run(cmd, timeout, cwd):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:exitcode=99")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=98")
    env.pop("REGEL_STICKPROV_NYCKEL", None)
    for _ in range(30):  # the binary may be relinked while the fuzzer runs
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, cwd=cwd)
            return p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            return None, b"", b"timeout"
        except OSError:
            time.sleep(2)
    return None, b"", b"could not start"


def crash(rc, err):
    if rc is None:
        return "timeout"
    if rc not in (0, 1):
        return f"exit {rc}"
    text = err.decode("utf-8", "replace")
    for m in SAN_MARKERS:
        if m in text:
            return f"stderr '{m}'"
    return None


def diff_text(a, b, limit=80):
    a = a.decode("utf-8", "replace").splitlines()
    b = b.decode("utf-8", "replace").splitlines()
    lines = list(difflib.unified_diff(a, b, "vm", "jit", lineterm="", n=2))
    more = f"\n… {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def make_cases(rng, ruleset_path, seed, count):
    """Generated cases of the ruleset's shape, and the bundled applications of its seed."""
    texts = []
    records, enums, inp = fuzz_cases.schema(ruleset_path)
    if inp:
        for i in range(count):
            # Mostly plausible cases with a few missing facts; some with many missing facts or
            # with fuzz_cases' extreme values everywhere.
            mode = rng.random()
            g = fuzz_cases.Gen(rng, records, enums, bad=0.0,
                               missing=0.03 if mode < 0.7 else rng.choice([0.0, 0.1, 0.3]))
            case = g.record(inp)
            doc = {"id": f"F-{i:05d}", "indata": case}
            if rng.random() < 0.05:
                doc["datum"] = g.date()
            texts.append(json.dumps(doc, ensure_ascii=False))
    for path in mutate_rulesets.cases_for(seed)[:10]:
        with open(path, encoding="utf-8") as f:
            texts.append(json.dumps(json.load(f), ensure_ascii=False))
    return texts


def one(args, k, seeds):
    rng = random.Random(args.seed * 1_000_003 + k)
    seed = rng.choice(seeds)
    with open(seed, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    mutated = rng.random() < args.mutate
    if mutated:
        try:
            text = mutate_rulesets.mutate(text, rng)
        except (IndexError, ValueError):  # a mutation that does not fit this seed
            pass
    result = {"k": k, "seed": os.path.relpath(seed, ROOT), "mutated": mutated, "compiled": False,
              "cases": 0, "pairs": 0, "findings": []}
    tmp = tempfile.mkdtemp(prefix="regel-fuzz-jit-")
    try:
        rules = os.path.join(tmp, "rules.regel")
        with open(rules, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        rgb = os.path.join(tmp, "rules.rgb")
        rc, _, err = run([args.regel, "build", rules, "-o", rgb], args.timeout, tmp)
        why = crash(rc, err)
        if why:
            result["findings"].append({"what": f"build: {why}", "cmd": ["build", rules], "detail": err[-3000:].decode("utf-8", "replace")})
        pairs = []
        if rc == 0 and os.path.exists(rgb):
            result["compiled"] = True
            cases = make_cases(rng, rules, seed, args.cases)
            result["cases"] = len(cases)
            files = []
            for i, c in enumerate(cases):
                p = os.path.join(tmp, f"case-{i:05d}.json")
                with open(p, "w", encoding="utf-8") as f:
                    f.write(c)
                files.append(p)
            jsonl = os.path.join(tmp, "cases.jsonl")
            with open(jsonl, "w", encoding="utf-8") as f:
                f.write("\n".join(cases) + "\n")
            date = ([]
                    if rng.random() < 0.8 else
                    ["--datum", f"{rng.randint(2012, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
            if files:
                pairs.append(([args.regel, "run", rgb] + files + ["--trace", "json"] + date,
                              ["--jit"]))
                pairs.append(([args.regel, "run", rgb] + files + ["--explain"] + date, ["--jit"]))
                pairs.append(([args.regel, "batch", rgb, jsonl, "-o", "-", "--trace"] + date,
                              ["--jit", "--threads", str(args.jit_threads)]))
        # `regel test` runs whether the mutant compiles or not: its diagnostics must not differ.
        pairs.append(([args.regel, "test", rules, "--coverage"], ["--jit"]))
        for base, jit_flags in pairs:
            result["pairs"] += 1
            a = run(base, args.timeout, tmp)
            b = run(base + jit_flags, args.timeout, tmp)
            for label, (rc_, _, err_) in (("vm", a), ("jit", b)):
                why = crash(rc_, err_)
                if why:
                    result["findings"].append({"what": f"{label} {base[1]}: {why}", "cmd": base + (jit_flags if label == "jit" else []),
                                               "detail": err_[-3000:].decode("utf-8", "replace")})
            if a[0] != b[0] or a[1] != b[1] or a[2] != b[2]:
                parts = []
                if a[0] != b[0]:
                    parts.append(f"exit code: vm {a[0]}, jit {b[0]}")
                if a[1] != b[1]:
                    parts.append("stdout:\n" + diff_text(a[1], b[1]))
                if a[2] != b[2]:
                    parts.append("stderr:\n" + diff_text(a[2], b[2]))
                result["findings"].append({"what": f"{base[1]} differs with {' '.join(jit_flags)}",
                                           "cmd": base + jit_flags, "detail": "\n".join(parts)})
        if result["findings"]:
            dest = os.path.join(args.out, f"{k:06d}")
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(tmp, dest)
            with open(os.path.join(dest, "finding.txt"), "w", encoding="utf-8") as f:
                f.write(f"seed ruleset: {result['seed']} (mutated: {mutated})\n")
                f.write(f"reproduce: python3 bench/fuzz/fuzz_jit.py --regel {args.regel} --seed {args.seed} --start {k} --iterations 1 "
                        f"--cases {args.cases} --mutate {args.mutate} --jit-threads {args.jit_threads}\n\n")
                for fd in result["findings"]:
                    f.write(f"what: {fd['what']}\ncmd: {' '.join(fd['cmd'])}\n{fd['detail']}\n\n")
            result["dir"] = dest
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--regel", default=os.path.join(ROOT, "build", "regel"))
    ap.add_argument("--iterations", type=int, default=1000, help="rulesets to try at most")
    ap.add_argument("--seconds", type=float, default=300, help="start no new ruleset after this long")
    ap.add_argument("--cases", type=int, default=40, help="generated cases per ruleset")
    ap.add_argument("--mutate", type=float, default=0.8, help="share of rulesets that are mutated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--jit-threads", type=int, default=2,
                    help="threads for `batch --jit` (the VM's batch runs on 1); 1 leaves out concurrency")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out", default="/tmp/regel-fuzz/jit")
    args = ap.parse_args()
    args.regel = os.path.abspath(args.regel)
    args.out = os.path.abspath(args.out)
    rc, out, err = run([args.regel, "run", "--help"], 30, ROOT)
    if b"--jit" not in out:
        sys.exit(f"{args.regel} has no --jit")
    seeds = sorted(glob.glob(os.path.join(ROOT, "rulesets/*/*.regel")) +
                   glob.glob(os.path.join(ROOT, "tests/support/*.regel")) +
                   glob.glob(os.path.join(ROOT, "tests/golden/**/*.regel"), recursive=True))
    # Seeds that check cleanly reach the code generator and the JIT after a small mutation.
    valid = [s for s in seeds if "/rulesets/" in s or "/support/" in s or "/ok_" in s or "/warn_" in s
             or "/run/" in s]
    seeds = seeds + valid * 8
    os.makedirs(args.out, exist_ok=True)
    deadline = time.monotonic() + args.seconds
    totals = {"rulesets": 0, "mutated": 0, "compiled": 0, "cases": 0, "pairs": 0, "with_findings": 0}
    lock = threading.Lock()

    def done(r):
        with lock:
            totals["rulesets"] += 1
            totals["mutated"] += r["mutated"]
            totals["compiled"] += r["compiled"]
            totals["cases"] += r["cases"]
            totals["pairs"] += r["pairs"]
            if r["findings"]:
                totals["with_findings"] += 1
                print(f"[{r['k']}] FINDING ({r['seed']}): {[f['what'] for f in r['findings']]} → {r.get('dir')}", flush=True)
            if totals["rulesets"] % 10 == 0:
                print(f"[{r['k']}] {totals['rulesets']} rulesets, {totals['pairs']} command pairs, "
                      f"findings so far: {totals['with_findings']}", flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        pending = set()
        k = args.start
        while k < args.start + args.iterations and time.monotonic() < deadline:
            while len(pending) < args.jobs and k < args.start + args.iterations:
                pending.add(pool.submit(one, args, k, seeds))
                k += 1
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                done(f.result())
        for f in pending:
            done(f.result())
    print(f"{totals['rulesets']} rulesets ({totals['mutated']} mutated, {totals['compiled']} compiled), "
          f"{totals['cases']} cases, {totals['pairs']} command pairs compared, "
          f"{totals['with_findings']} rulesets with findings")
    sys.exit(1 if totals["with_findings"] else 0)


if __name__ == "__main__":
    main()
