#!/usr/bin/env python3
"""Scaling check for inputs that were once slow: for each, generates a size N and a size 4N, times
the regel command on both (the best of --repeat runs) and prints the ratio of the times. A pass
linear in its input shows about 4x; more than 8x is flagged as superlinear. Also prints the bytes
written to standard output and error, which must grow no faster than the input. Not run in CI:
timings on a shared machine are not assertions.

    bench/scaling.py [--regel build/regel] [--repeat 3] [--only NAME ...] [--scale 1.0]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "rulesets", "forsorjningsstod", "forsorjningsstod.regel")
CASE = os.path.join(ROOT, "rulesets", "forsorjningsstod", "ansokningar", "2023-0001.json")


def chain(n):
    """One definition whose value is `1 + 1 + …` with n terms, on one line (a left-deep tree)."""
    return 'regelverk "Kedja"\n\nvärde x: heltal = 1' + " + 1" * (n - 1) + "\n"


def chain_no_header(n):
    """The same chain without a header: the diagnostic's excerpt is the whole long line."""
    return "värde x: heltal = 1" + " + 1" * (n - 1) + "\n"


def adults(n):
    """The bundled 2023-0001 case with n adults instead of one."""
    with open(CASE, encoding="utf-8") as f:
        case = json.load(f)
    case["indata"]["vuxna"] = [dict(case["indata"]["vuxna"][0], ålder=20 + i % 50) for i in range(n)]
    return json.dumps(case, ensure_ascii=False)


def children_missing_age(n):
    """The bundled 2023-0001 case with n children who give no age: a komplettering of n facts (each
    was once looked up in the list of the facts found before it)."""
    with open(CASE, encoding="utf-8") as f:
        case = json.load(f)
    case["indata"]["barn"] = [{"arbetsinkomst": 0} for _ in range(n)]
    return json.dumps(case, ensure_ascii=False)


def adults_without_facts(n):
    """The bundled 2023-0001 case with n adults who give no facts at all: a komplettering of 2n facts,
    each read by the one condition over every adult (whose dependencies were once listed anew for
    each fact: n² in all)."""
    with open(CASE, encoding="utf-8") as f:
        case = json.load(f)
    case["indata"]["vuxna"] = [{} for _ in range(n)]
    return json.dumps(case, ensure_ascii=False)


def unknown_keys(n):
    """The bundled 2023-0001 case with 15 unknown keys of n bytes each."""
    with open(CASE, encoding="utf-8") as f:
        case = json.load(f)
    for i in range(15):
        case["indata"][chr(ord("a") + i) * n] = 1
    return json.dumps(case, ensure_ascii=False)


def unknown_identifiers(n):
    """The bundled ruleset with three definitions that name unknown identifiers of n bytes."""
    with open(RULES, encoding="utf-8") as f:
        text = f.read()
    for i in range(3):
        text += f"\nvärde okänd_{i}: belopp = {chr(ord('a') + i) * n}\n"
    return text


def many_short_unknown_keys(n):
    """The bundled 2023-0001 case with n short unknown keys: far past the error limit."""
    with open(CASE, encoding="utf-8") as f:
        case = json.load(f)
    for i in range(n):
        case["indata"][f"okänt_{i}"] = i
    return json.dumps(case, ensure_ascii=False)


def one_line(n):
    """A definition of n divisions on one line: the code generator asks a position for each."""
    args = ", ".join(f"a / {i + 1}" for i in range(n))
    return f'regelverk "En rad"\nindata {{ a: heltal }}\nvärde x: tal = max({args})\nbeslut\n  avslag annars\n'


def many_unknown_names(n):
    """n definitions that each misspell one of n others: suggestions over many candidates."""
    lines = ['regelverk "Stavfel"', "indata { a: heltal }"]
    lines += [f"värde namn_nummer_{i}: heltal = a" for i in range(n)]
    lines += [f"värde fel_{i}: heltal = namn_numer_{i}" for i in range(n)]
    lines += ["beslut", "  avslag annars"]
    return "\n".join(lines) + "\n"


# name: (generator, file suffix, command with {f} for the generated file, N)
CASES = {
    "dump-ast": (chain, ".regel", ["build", "{f}", "--dump", "ast"], 7500),
    "diagnostic-line": (chain_no_header, ".regel", ["check", "{f}"], 7500),
    "check-deep-chain": (chain, ".regel", ["check", "{f}"], 7500),
    "explain-adults": (adults, ".json", ["run", RULES, "{f}", "--explain"], 25000),
    "trace-json-adults": (adults, ".json", ["run", RULES, "{f}", "--trace", "json"], 25000),
    "children-no-age": (children_missing_age, ".json", ["run", RULES, "{f}"], 25000),
    "adults-no-facts": (adults_without_facts, ".json", ["run", RULES, "{f}"], 10000),
    "unknown-keys": (unknown_keys, ".json", ["run", RULES, "{f}"], 250000),
    "many-unknown-keys": (many_short_unknown_keys, ".json", ["run", RULES, "{f}"], 25000),
    "unknown-identifiers": (unknown_identifiers, ".regel", ["check", "{f}"], 300000),
    "many-misspelt-names": (many_unknown_names, ".regel", ["check", "{f}"], 2500),
    "build-one-line": (one_line, ".regel", ["build", "{f}", "-o", "{f}.rgb"], 10000),
}


def measure(regel, args, repeat):
    """Best wall time of `repeat` runs, and the bytes the command wrote (stdout + stderr)."""
    best, written = None, 0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([regel] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            sys.exit(f"exit {proc.returncode}: {' '.join(args)}\n{proc.stderr[:2000].decode(errors='replace')}")
        written = len(proc.stdout) + len(proc.stderr)
        best = elapsed if best is None else min(best, elapsed)
    return best, written


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regel", default=os.path.join(ROOT, "build", "regel"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every N")
    ap.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these inputs")
    opts = ap.parse_args()
    print(f"{'input':<20} {'N':>8} {'t(N) s':>8} {'t(4N) s':>8} {'ratio':>6} {'out(4N)':>10}  verdict")
    flagged = 0
    with tempfile.TemporaryDirectory() as d:
        for name, (gen, suffix, cmd, n) in CASES.items():
            if opts.only and name not in opts.only:
                continue
            n = max(1, int(n * opts.scale))
            times = []
            for size in (n, 4 * n):
                path = os.path.join(d, name + suffix)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(gen(size))
                times.append(measure(opts.regel, [a.replace("{f}", path) for a in cmd], opts.repeat))
            (t1, _), (t4, out4) = times
            ratio = t4 / t1 if t1 > 0 else float("inf")
            verdict = "SUPERLINEAR" if ratio > 8 else "ok"
            flagged += ratio > 8
            print(f"{name:<20} {n:>8} {t1:>8.3f} {t4:>8.3f} {ratio:>6.1f} {out4:>10}  {verdict}", flush=True)
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
