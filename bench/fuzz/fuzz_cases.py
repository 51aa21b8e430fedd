#!/usr/bin/env python3
"""Case fuzzer for `regel run` (not run by CI).

Reads the input schema (indata, post, uppräkning) from a .regel file, generates random JSON cases
of the right shape with edge values (0, negative, huge, missing fields, nulls, empty lists, many
adults/children, dates 2012–2027, occasionally wrong types and malformed JSON), and runs
`regel run RGB CASE --explain` and `--trace json`. A finding is: a signal or sanitizer report, an
exit code other than 0/1, a timeout, JSON output that does not parse, a komplettering that lists
no missing fact, or a bifall without an amount > 0.

  python3 bench/fuzz/fuzz_cases.py --regel /tmp/asan/regel \
      rulesets/forsorjningsstod/forsorjningsstod.regel --iterations 1000
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAN_MARKERS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "terminate called",
               "Assertion", "Segmentation fault")


def strip_comments(text):
    return re.sub(r'#[^\n]*', '', text)


def schema(path):
    text = strip_comments(open(path, encoding="utf-8").read())
    records, enums, inp = {}, {}, None

    def fields(body):
        out = []
        for m in re.finditer(r'([^\W\d]\w*)\s*:\s*(valfri\s+)?(lista av\s+)?([\w/]+)', body):
            out.append((m.group(1), bool(m.group(2)), bool(m.group(3)), m.group(4)))
        return out

    for m in re.finditer(r'^post\s+(\w+)\s*\{([^}]*)\}', text, re.M):
        records[m.group(1)] = fields(m.group(2))
    for m in re.finditer(r'^uppräkning\s+(\w+)\s*\{([^}]*)\}', text, re.M):
        enums[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
    m = re.search(r'^indata(?:\s+\w+)?\s*\{([^}]*)\}', text, re.M)
    if m:
        inp = fields(m.group(1))
    return records, enums, inp


class Gen:
    """Values of the right shape. `bad` is the chance that one value is of a wrong kind (refused
    with R06xx); otherwise values are valid but extreme: 0, negative, huge, many elements."""

    def __init__(self, rng, records, enums, bad=0.0, missing=0.0):
        self.rng, self.records, self.enums = rng, records, enums
        self.bad, self.missing = bad, missing

    def invalid(self):
        return self.rng.random() < self.bad

    def money(self):
        r = self.rng
        if self.invalid():
            return r.choice([1e300, 0.001, "abc", True, 92233720368547758.08, "1 000,001 kr", -1e30])
        if r.random() < 0.5:
            return r.choice([0, 0, r.randint(0, 3000), r.randint(0, 8000)])
        return r.choice([0, 0, 1, -1, -500, 100, 3490, 4200.5, 9999.99, 25000, 1000000, 123456789,
                         90000000000000, -90000000000000, "6 500,50 kr", "0 kr", "-1 kr", 0.01,
                         r.randint(0, 40000), r.randint(0, 40000), r.randint(0, 10000) + 0.25, r.randint(0, 3000)])

    def integer(self):
        r = self.rng
        if self.invalid():
            return r.choice([2**64, 1.5, "3", -2**63 - 1])
        return r.choice([0, 1, -1, 2, 6, 7, 12, 18, 20, 21, 64, 65, 99, 120, 2**31, 2**62, 2**63 - 1, -2**63,
                         r.randint(0, 25), r.randint(0, 25), r.randint(0, 100)])

    def date(self):
        r = self.rng
        if self.invalid():
            return r.choice(["2023-02-30", "2023-13-01", "2023-3-1", "", "0000-01-01"])
        y = r.randint(2012, 2027)
        return r.choice([f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"] * 6 +
                        [f"{y}-12-31", f"{y}-01-01", "2024-02-29", "0001-01-01", "9999-12-31"])

    def month(self):
        r = self.rng
        if self.invalid():
            return r.choice(["2023-00", "2023-13", "2023-03-01", "", 202303])
        y = r.randint(2012, 2027) if r.random() < 0.4 else r.randint(2019, 2026)
        return r.choice([f"{y}-{r.randint(1, 12):02d}"] * 12 + ["9999-12", "0001-01", f"{y}-01", f"{y}-12"])

    def scalar(self, t):
        r = self.rng
        if t == "belopp":
            return self.money()
        if t == "heltal":
            return self.integer()
        if t in ("tal", "procent"):
            if self.invalid():
                return r.choice([1e300, "x", True])
            return r.choice([0, 1, 0.25, -3, 25, 100, 101, "0,25", "2,5 %", 1000000])
        if t == "datum":
            return self.date()
        if t == "månad":
            return self.month()
        if t == "text":
            return r.choice(["", "abc", "å" * 1000]) if not self.invalid() else 1
        if t == "ja/nej":
            return r.choice([True, True, True, False]) if not self.invalid() else r.choice([0, "ja"])
        if t in self.enums:
            return r.choice(self.enums[t]) if not self.invalid() else r.choice(["okänt", "", 1])
        if t in self.records:
            return self.record(self.records[t])
        return None

    def list_of(self, t):
        r = self.rng
        n = r.choice([0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 5, 6, 8, 12, r.randint(0, 12)]) if r.random() < 0.5 else r.randint(1, 2)
        if r.random() < 0.005:
            n = 2000
        return [self.scalar(t) for _ in range(n)]

    def record(self, flds):
        r = self.rng
        out = {}
        for name, optional, is_list, t in flds:
            if r.random() < self.missing:
                if r.random() < 0.5:
                    out[name] = None
                continue
            if self.invalid() and r.random() < 0.2:
                out[name] = r.choice([[], {}, "x", 1.5, True])  # wrong shape
                continue
            out[name] = self.list_of(t) if is_list else self.scalar(t)
        if self.invalid() and r.random() < 0.1:
            out["okänt_fält"] = 1
        return out


def run(cmd, timeout):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:exitcode=99")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=98")
    for _ in range(30):  # the binary may be relinked while the fuzzer runs
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, cwd=ROOT)
            break
        except subprocess.TimeoutExpired:
            return None, "", "timeout"
        except OSError:
            time.sleep(2)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check_one(args, rgb, k, records, enums, inp, outdir):
    rng = random.Random(args.seed * 7919 + k)
    mode = rng.random()
    # Mostly valid cases (the decision logic is what is fuzzed); some with missing facts; a few
    # with one bad value (the case reader).
    g = Gen(rng, records, enums, bad=0.0 if mode < 0.8 else 0.02, missing=0.0 if mode < 0.5 else rng.choice([0.02, 0.1, 0.3]))
    case = g.record(inp)
    if rng.random() < 0.3:
        case = {"id": rng.choice([f"2023-{k:04d}", k, "", None, 1.5, -1]),
                "datum": rng.choice([None, g.date(), "2023-03-01", "2031-01-01"]),
                "indata": case}
        if case["datum"] is None and rng.random() < 0.5:
            del case["datum"]
    text = json.dumps(case, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.03:
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(["", "}", "{", ",", "\"", "\\", "\x00", "\xff", "1e999"]) + text[i + 1:]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "case.json")
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        # An invalid --datum is a usage error (exit 2): only valid dates here.
        extra_date = (["--datum", f"{rng.randint(2012, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
                      if rng.random() < 0.1 else [])
        for flags in (["--explain"], ["--trace", "json"]):
            cmd = [args.regel, "run", rgb, path] + flags + extra_date
            rc, out, err = run(cmd, args.timeout)
            if rc is None:
                problems.append((cmd, "timeout", ""))
                continue
            if rc not in (0, 1):
                problems.append((cmd, f"exit {rc}", err[-3000:]))
            for m in SAN_MARKERS:
                if m in err:
                    problems.append((cmd, f"stderr '{m}'", err[-3000:]))
                    break
            if flags[0] == "--trace" and out.strip():
                try:
                    doc = json.loads(out)
                except ValueError as e:
                    problems.append((cmd, f"bad JSON: {e}", out[:2000]))
                    continue
                docs = doc if isinstance(doc, list) else [doc]
                for d in docs:
                    if not isinstance(d, dict):
                        continue
                    u = d.get("utfall")
                    if u == "komplettering" and not d.get("saknade_uppgifter"):
                        problems.append((cmd, "komplettering without missing facts", out[:3000]))
                    if u == "bifall":
                        b = d.get("belopp")
                        if not b or not isinstance(b.get("öre"), int) or b["öre"] <= 0:
                            problems.append((cmd, f"bifall with amount {b}", out[:3000]))
                    if u is None and not d.get("fel") and not d.get("ärendefel"):
                        problems.append((cmd, "no outcome, no error", out[:3000]))
                    if u is not None and u not in ("bifall", "avslag", "manuell prövning", "komplettering"):
                        problems.append((cmd, f"unknown outcome {u}", out[:3000]))
        for cmd, what, detail in problems:
            name = f"{os.path.basename(rgb)}-{k:06d}"
            with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            with open(os.path.join(outdir, name + ".txt"), "a", encoding="utf-8") as f:
                f.write(f"cmd: {' '.join(cmd)}\nwhat: {what}\n{detail}\n\n")
    return k, [w for _, w, _ in problems]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ruleset")
    ap.add_argument("--regel", default="/tmp/asan/regel")
    ap.add_argument("--iterations", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--out", default="/tmp/regel-fuzz/cases")
    args = ap.parse_args()
    records, enums, inp = schema(args.ruleset)
    if not inp:
        sys.exit("no indata in " + args.ruleset)
    os.makedirs(args.out, exist_ok=True)
    rgb = os.path.join(args.out, os.path.basename(args.ruleset) + ".rgb")
    rc, _, err = run([args.regel, "build", args.ruleset, "-o", rgb], 120)
    if rc != 0:
        sys.exit("build failed: " + err)
    found = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        for k, ws in pool.map(lambda k: check_one(args, rgb, k, records, enums, inp, args.out),
                              range(args.iterations)):
            if ws:
                found += 1
                print(f"[{k}] FINDING {ws}", flush=True)
            if k % 100 == 0:
                print(f"[{k}] done, findings so far: {found}", flush=True)
    print(f"{args.iterations} cases, {found} with findings")


if __name__ == "__main__":
    main()
