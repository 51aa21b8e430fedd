#!/usr/bin/env python3
"""Token-level mutation fuzzer for .regel files (not run by CI).

Takes seed rulesets, applies random token/declaration-level mutations and runs
`regel check`, `regel test`, `regel build --dump ir|bytecode` and (when the mutant compiles)
`regel run` with the bundled applications. Any signal, sanitizer report, exit code other than
0/1 or timeout is a finding; the mutant is saved under OUT/ with the command and stderr.

Build the sanitizer binary first (see README in this folder), then e.g.:
  python3 bench/fuzz/mutate_rulesets.py --regel /tmp/asan/regel --iterations 2000 --jobs 2
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TOKEN_RE = re.compile(
    r'"(?:[^"\\\n]|\\.)*"'            # text
    r'|#[^\n]*'                       # comment
    r'|\d{4}-\d{2}(?:-\d{2})?'        # date / month
    r'|\d+(?:[ \u00a0]\d{3})*(?:,\d+)?'  # number (grouped)
    r'|[^\W\d][\w/]*'                 # name / keyword (ja/nej)
    r'|!=|<=|>=|[≠≤≥]'
    r'|\S', re.UNICODE)

KEYWORDS = set("""alla annars antal av avrundat avslag beslut beslutsdatum bifall datum där ej eller
exempel fel från för förväntat gäller hela i indata inte ja ja/nej komplettering kr kronor källa
lagrum lista manuell med minsta motivering nedåt nej någon och okänd om parameter post prövning
regelverk skäl stickprov största summa så tabell tal till undantag uppfyller uppfyllt uppräkning
uppåt valfri varje version villkor värde öre""".split())
TYPES = ["heltal", "tal", "belopp", "procent", "datum", "månad", "text", "ja/nej"]
NUMBERS = ["0", "-1", "1", "99 999 999 999 999 999", "9223372036854775807", "9 223 372 036 854 775 807",
           "0,000001", "0,5", "1,5", "123456789012345678901234567890", "-9223372036854775808",
           "2147483647", "4294967296", "0,1", "100", "12,34", "1 000 000 000 000"]
DATES = ["0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "1970-01-01", "2025-06-30",
         "2025-07-01", "0000-01-01", "2023-13-01", "2023-00", "9999-12"]
EXPR_WRAP = [
    "({x} + {x})", "({x} - {x})", "({x} * 2)", "({x} / 3)", "({x} / 0)", "(-{x})",
    "(om ja så {x} annars {x})", "max({x}, {x})", "min({x}, {x}, {x})",
    "({x} avrundat nedåt till hela kronor)", "({x} avrundat till hela tal)",
    "(25 % av {x})", "(0,5 * {x})", "({x} = {x})", "(inte {x})", "({x} och {x})",
    "antal({x})", "summa({x} för varje q i {x})", "minsta({x} för varje q i {x})",
    "alla(q i {x} uppfyller {x})", "finns({x})", "år({x})", "{x}.{x}",
    "((((((((((((((((((((({x})))))))))))))))))))))",
]


def tokenize(text):
    toks, seps, pos = [], [], 0
    for m in TOKEN_RE.finditer(text):
        seps.append(text[pos:m.start()])
        toks.append(m.group(0))
        pos = m.end()
    tail = text[pos:]
    return toks, seps, tail


def join(toks, seps, tail):
    out = []
    for i, t in enumerate(toks):
        out.append(seps[i] if i < len(seps) else " ")
        out.append(t)
    out.append(tail)
    return "".join(out)


def is_name(t):
    return re.fullmatch(r'[^\W\d][\w]*', t) is not None and t not in KEYWORDS


def is_number(t):
    return re.fullmatch(r'\d+(?:[ \u00a0]\d{3})*(?:,\d+)?', t) is not None


def mutate_tokens(text, rng):
    toks, seps, tail = tokenize(text)
    if not toks:
        return text
    names = sorted({t for t in toks if is_name(t)}) or ["x"]
    n = len(toks)
    # compiler/syntax has been fuzzed: most mutations keep the file parseable so that they reach
    # the checker, the code generator and the runtime.
    if rng.random() < 0.15:
        op = rng.choice(["delete", "dup", "swap", "swapfar", "keyword"])
    else:
        op = rng.choice(["name", "name", "name", "number", "number", "type", "wrap", "wrap", "wrap", "date"])
    i = rng.randrange(n)
    if op == "delete":
        del toks[i]
        del seps[i]
    elif op == "dup":
        toks.insert(i, toks[i])
        seps.insert(i, " ")
    elif op == "swap" and i + 1 < n:
        toks[i], toks[i + 1] = toks[i + 1], toks[i]
    elif op == "swapfar":
        j = rng.randrange(n)
        toks[i], toks[j] = toks[j], toks[i]
    elif op == "name":
        idx = [k for k, t in enumerate(toks) if is_name(t)]
        if idx:
            k = rng.choice(idx)
            toks[k] = rng.choice(names)
    elif op == "number":
        idx = [k for k, t in enumerate(toks) if is_number(t)]
        if idx:
            k = rng.choice(idx)
            toks[k] = rng.choice(NUMBERS)
    elif op == "date":
        idx = [k for k, t in enumerate(toks) if re.fullmatch(r'\d{4}-\d{2}(-\d{2})?', t)]
        if idx:
            k = rng.choice(idx)
            toks[k] = rng.choice(DATES)
    elif op == "type":
        idx = [k for k, t in enumerate(toks) if t in TYPES]
        if idx:
            k = rng.choice(idx)
            toks[k] = rng.choice(TYPES)
    elif op == "keyword":
        toks.insert(i, rng.choice(sorted(KEYWORDS)))
        seps.insert(i, " ")
    elif op == "wrap":
        # Only operands in expression position (after an operator or an expression keyword).
        before = {"=", "(", ",", "+", "-", "*", "/", "<", ">", "<=", ">=", "!=", "≠", "≤", "≥", "om", "så",
                  "annars", "med", "av", "och", "eller", "inte", "summa", "antal", "i", "uppfyller", "där"}
        idx = [k for k, t in enumerate(toks) if (is_name(t) or is_number(t)) and k > 0 and toks[k - 1] in before
               and (k + 1 >= len(toks) or toks[k + 1] not in ("(", "i", "för"))]
        if idx:
            k = rng.choice(idx)
            toks[k] = rng.choice(EXPR_WRAP).replace("{x}", toks[k] if rng.random() < 0.7 else rng.choice(names))
    return join(toks, seps, tail)


# ---- declaration-level mutations ----------------------------------------------------------------

def blocks(text):
    """Top-level declarations: a line at column 0 that is not a comment starts a block."""
    lines = text.split("\n")
    out, cur = [], []
    for line in lines:
        if line and not line[0].isspace() and line[0] not in "#}])" and cur:
            out.append(cur)
            cur = []
        cur.append(line)
    if cur:
        out.append(cur)
    return ["\n".join(b) for b in out]


DEF_RE = re.compile(r'^(värde|villkor)\s+(\w+)(?:\s*:\s*([\w/ ]+?))?\s*$|^(värde|villkor)\s+(\w+)', re.M)


def definitions(text):
    defs = []
    for m in re.finditer(r'^(värde|villkor)\s+(\w+)(\s*:\s*(lista av \w+|[\w/]+))?', text, re.M):
        defs.append((m.group(2), m.group(1), (m.group(4) or "").strip()))
    return defs


def mutate_decls(text, rng):
    bs = blocks(text)
    op = rng.choice(["reorder", "dupdecl", "dropdecl", "cycle", "exception", "exception", "example",
                     "example", "selfref", "priority"])
    defs = definitions(text)
    if op == "reorder" and len(bs) > 2:
        h = next((i for i, b in enumerate(bs) if b.startswith("regelverk")), 0)
        head, rest = "\n".join(bs[:h + 1]), bs[h + 1:]
        rng.shuffle(rest)
        return "\n".join([head] + rest)
    if op == "dupdecl" and len(bs) > 1:
        k = rng.randrange(1, len(bs))
        bs.insert(rng.randrange(k, len(bs) + 1), bs[k])
        return "\n".join(bs)
    if op == "dropdecl" and len(bs) > 1:
        del bs[rng.randrange(1, len(bs))]
        return "\n".join(bs)
    if op == "cycle" and len(defs) >= 2:
        # Make definition A use B and B use A (same declared type when possible).
        a = rng.choice(defs)
        same = [d for d in defs if d[2] == a[2] and d[0] != a[0]] or [d for d in defs if d[0] != a[0]]
        if not same:
            return text
        b = rng.choice(same)
        chain = [a, b] + ([rng.choice(defs)] if rng.random() < 0.3 else [])
        for x, y in zip(chain, chain[1:] + chain[:1]):
            text = re.sub(r'(^(?:värde|villkor)\s+' + re.escape(x[0]) + r'\b[\s\S]*?\n\s*=\s*)',
                          lambda m: m.group(1) + (f"{y[0]} eller " if x[1] == "villkor" else f"{y[0]} + ") if rng.random() < 0.5 else m.group(1) + y[0] + " # ",
                          text, count=1, flags=re.M)
        return text
    if op == "selfref" and defs:
        a = rng.choice(defs)
        return re.sub(r'(^(?:värde|villkor)\s+' + re.escape(a[0]) + r'\b[\s\S]*?\n\s*=\s*)',
                      lambda m: m.group(1) + f"({a[0]}) + ", text, count=1, flags=re.M)
    if op == "exception" and defs:
        a = rng.choice(defs)
        names = [d[0] for d in defs]
        cond = rng.choice([f"{rng.choice(names)}", f"{a[0]} > 0 kr", f"{a[0]} = {a[0]}", "ja", "nej",
                           f"{rng.choice(names)} < 10", f"antal({rng.choice(names)}) > 0",
                           f"{a[0]} >= 18 och {a[0]} < 21"])
        val = rng.choice([a[0], f"{a[0]} + 1 kr", "0 kr", "ja", "nej", "0", rng.choice(names),
                          f"{a[0]} / 0", f"{a[0]} * 2"])
        name = rng.choice(["", "u1 ", "u2 ", "u1 till u2 ", "u2 till u1 ", "u1 till u1 ", "u3 till nope "])
        clause = f"\n  undantag {name}om {cond}:\n    = {val}\n    motivering \"{{{a[0]}}} {{{rng.choice(names)}}}\""
        return re.sub(r'(^(?:värde|villkor)\s+' + re.escape(a[0]) + r'\b[^\n]*\n(?:[ \t]+[^\n]*\n)*)',
                      lambda m: m.group(1).rstrip("\n") + clause + "\n", text, count=1, flags=re.M)
    if op == "priority":
        # Many exceptions on one definition.
        if not defs:
            return text
        a = rng.choice(defs)
        k = rng.choice([2, 3, 64, 65, 70])
        clauses = "".join(f"\n  undantag e{i}{' till e' + str(i + 1) if rng.random() < 0.5 else ''} om {a[0]} = {a[0]}:\n    = {a[0]}"
                          for i in range(k))
        return re.sub(r'(^(?:värde|villkor)\s+' + re.escape(a[0]) + r'\b[^\n]*\n(?:[ \t]+[^\n]*\n)*)',
                      lambda m: m.group(1).rstrip("\n") + clauses + "\n", text, count=1, flags=re.M)
    if op == "example":
        exs = [b for b in bs if b.startswith("exempel")]
        if exs:
            ex = rng.choice(exs)
            for _ in range(rng.randint(1, 4)):
                ex = mutate_tokens(ex, rng)
            if rng.random() < 0.5 and defs:
                d = rng.choice(defs)
                ex += f"\n  förväntat {d[0]} = {rng.choice(['0 kr', '0', 'ja', '[]', '{}', '1,5', '2023-01', '-1 kr', '99 999 999 999 999 999 kr'])}"
            bs.append(ex)
            return "\n".join(bs)
    return text


def mutate(text, rng):
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        text = mutate_decls(text, rng) if rng.random() < 0.35 else mutate_tokens(text, rng)
    return text


SAN_MARKERS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "UndefinedBehaviorSanitizer",
               "Assertion", "terminate called", "std::", "Segmentation fault", "ERROR: ")


def run(cmd, timeout):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=99")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=98")
    for _ in range(30):  # the binary may be relinked while the fuzzer runs
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, cwd=ROOT)
            break
        except subprocess.TimeoutExpired:
            return "timeout", ""
        except OSError:
            time.sleep(2)
    err = p.stderr.decode("utf-8", "replace")
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode not in (0, 1):
        return f"exit {p.returncode}", err[-4000:]
    for m in SAN_MARKERS:
        if m in err or (m in ("runtime error:",) and m in out):
            return f"stderr '{m}'", err[-4000:]
    return None, err


def cases_for(seed):
    d = os.path.join(os.path.dirname(seed), "ansokningar")
    if os.path.isdir(d):
        return sorted(glob.glob(os.path.join(d, "*.json")))
    base = re.sub(r"\.regel$", "", seed)
    return sorted(glob.glob(base + "-*.json"))


def one(args, k, seeds, outdir):
    rng = random.Random(args.seed * 1_000_003 + k)
    seed = rng.choice(seeds)
    with open(seed, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    try:
        mutant = mutate(text, rng)
    except (IndexError, ValueError):  # a mutation that does not fit this seed
        return k, []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutant.regel")
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(mutant)
        rgb = os.path.join(tmp, "m.rgb")
        cmds = [[args.regel, "check", path], [args.regel, "test", path, "--coverage"],
                [args.regel, "build", path, "--dump", "ir"], [args.regel, "build", path, "--dump", "bytecode"],
                [args.regel, "build", path, "-o", rgb]]
        findings = []
        for cmd in cmds:
            what, err = run(cmd, args.timeout)
            if what:
                findings.append((cmd, what, err))
        if os.path.exists(rgb):
            cs = cases_for(seed)
            for c in rng.sample(cs, min(3, len(cs))):
                for extra in (["--explain"], ["--trace", "json"]):
                    cmd = [args.regel, "run", rgb, c] + extra
                    what, err = run(cmd, args.timeout)
                    if what:
                        findings.append((cmd, what, err))
        for cmd, what, err in findings:
            name = f"{k:06d}"
            with open(os.path.join(outdir, name + ".regel"), "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(mutant)
            with open(os.path.join(outdir, name + ".txt"), "a", encoding="utf-8") as f:
                f.write(f"seed: {seed}\ncmd: {' '.join(cmd)}\nwhat: {what}\n{err}\n\n")
        return k, [(c[1], w) for c, w, _ in findings]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regel", default="/tmp/asan/regel")
    ap.add_argument("--iterations", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--out", default="/tmp/regel-fuzz/mutants")
    ap.add_argument("--start", type=int, default=0)
    args = ap.parse_args()
    seeds = sorted(glob.glob(os.path.join(ROOT, "rulesets/*/*.regel")) +
                   glob.glob(os.path.join(ROOT, "tests/golden/**/*.regel"), recursive=True))
    # Seeds that check cleanly reach the later passes after a small mutation: weight them up.
    valid = [s for s in seeds if "/rulesets/" in s or "/ok_" in s or "/warn_" in s or "/run/" in s]
    seeds = seeds + valid * 8
    os.makedirs(args.out, exist_ok=True)
    found = 0
    with ThreadPoolExecutor(args.jobs) as pool:
        for k, fs in pool.map(lambda k: one(args, k, seeds, args.out),
                              range(args.start, args.start + args.iterations)):
            if fs:
                found += 1
                print(f"[{k}] FINDING {fs}", flush=True)
            if k % 50 == 0:
                print(f"[{k}] done, findings so far: {found}", flush=True)
    print(f"{args.iterations} mutants, {found} with findings")


if __name__ == "__main__":
    main()
