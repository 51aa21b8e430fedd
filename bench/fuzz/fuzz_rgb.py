#!/usr/bin/env python3
"""Corrupt-.rgb fuzzer (not run by CI): flips, overwrites, inserts and truncates bytes of a valid
.rgb file and runs `regel run` on it with a bundled application. A finding is a signal, a
sanitizer report, an exit code other than 0/1, or a timeout.

  python3 bench/fuzz/fuzz_rgb.py --regel /tmp/asan/regel --iterations 2000
"""
import argparse
import hashlib
import os
import random
import struct
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MARKERS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "terminate called", "Assertion")
INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]


def mutate(data, rng):
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 8])):
        op = rng.random()
        i = rng.randrange(len(b)) if b else 0
        if op < 0.35 and b:
            b[i] ^= 1 << rng.randrange(8)
        elif op < 0.6 and len(b) >= 4:
            i = rng.randrange(len(b) - 3)
            b[i:i + 4] = struct.pack("<I", rng.choice(INTERESTING))
        elif op < 0.7 and len(b) >= 8:
            i = rng.randrange(len(b) - 7)
            b[i:i + 8] = struct.pack("<Q", rng.choice([0, 2**63 - 1, 2**64 - 1, 2**63]))
        elif op < 0.8:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op < 0.9 and b:
            del b[i:i + rng.randint(1, 16)]
        else:
            b = b[:rng.randrange(len(b) + 1)]
    return bytes(b)


def refix(data, rng):
    """Mutates the body only and rewrites the length and the SHA-256, so that the mutant passes
    the checksum and reaches the decoder and the verifier."""
    body = mutate(data[20:-32], rng)
    head = data[:12] + struct.pack("<Q", len(body))
    return head + body + hashlib.sha256(head + body).digest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regel", default="/tmp/asan/regel")
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/regel-fuzz/rgb")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seeds = []
    for rs, case in [("rulesets/forsorjningsstod/forsorjningsstod.regel", "rulesets/forsorjningsstod/ansokningar/2023-0001.json"),
                     ("rulesets/hemtjanstavgift/hemtjanstavgift.regel", None),
                     ("tests/golden/run/bistand.regel", "tests/golden/run/bistand-1-bifall.json")]:
        out = os.path.join(args.out, os.path.basename(rs) + ".rgb")
        subprocess.run([args.regel, "build", os.path.join(ROOT, rs), "-o", out], check=True, capture_output=True)
        if case is None:
            d = os.path.join(ROOT, os.path.dirname(rs), "ansokningar")
            case = os.path.join(os.path.dirname(rs), "ansokningar", sorted(os.listdir(d))[0])
        seeds.append((open(out, "rb").read(), os.path.join(ROOT, case)))
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:exitcode=99", UBSAN_OPTIONS="halt_on_error=1:exitcode=98")
    found = 0
    for k in range(args.iterations):
        rng = random.Random(args.seed * 100003 + k)
        data, case = rng.choice(seeds)
        m = refix(data, rng) if rng.random() < 0.9 else mutate(data, rng)
        with tempfile.NamedTemporaryFile(suffix=".rgb", delete=False) as f:
            f.write(m)
            path = f.name
        try:
            flags = rng.choice([["--explain"], ["--trace", "json"], []])
            p = subprocess.run([args.regel, "run", path, case] + flags, capture_output=True, timeout=10, env=env)
            err = p.stderr.decode("utf-8", "replace")
            what = None
            if p.returncode not in (0, 1):
                what = f"exit {p.returncode}"
            elif any(x in err for x in MARKERS):
                what = "sanitizer"
        except subprocess.TimeoutExpired:
            what, err = "timeout", ""
        if what:
            found += 1
            keep = os.path.join(args.out, f"{k:06d}.rgb")
            os.replace(path, keep)
            with open(keep + ".txt", "w") as f:
                f.write(f"{what}\ncase: {case}\n{err[-4000:]}\n")
            print(f"[{k}] FINDING {what}", flush=True)
        else:
            os.unlink(path)
        if k % 200 == 0:
            print(f"[{k}] done, findings so far: {found}", flush=True)
    print(f"{args.iterations} mutants, {found} with findings")


if __name__ == "__main__":
    main()
