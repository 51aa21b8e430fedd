#!/usr/bin/env python3
"""Batch over many cases: memory and corrupt lines. Streams N cases (default 10 million) through
`regel batch RULES - --threads T` on standard input: the bundled example applications cycled, each
with its own id, and every 1 000th line corrupt (malformed JSON, a field of the wrong type, an
unknown field, in turn). Reads the output as it comes, in blocks, and checks that there is one
line per input line, in input order, that exactly the corrupt lines are error records, and that the
summary counts them; samples the batch process's resident memory after 1, 2, 5 and 10 million cases. Prints
tab-separated lines (bench/results.py reads them):

    cases  resident-MiB  peak-MiB  seconds
    summary  <the batch's summary line>
    check  ok | <what failed>

Not run in CI (it takes about a minute on two cores).

    bench/batch_memory.py REGEL RULES.regel CASES_DIR [--cases N] [--threads T] [--jit]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

CORRUPT_EVERY = 1000
CORRUPT = [
    b'{"id":"trasig","indata":{"m\xc3\xa5nad":"2023-03","vuxna":[{"\n',
    b'{"id":"fel-typ","indata":{"m\xc3\xa5nad":12}}\n',
    b'{"id":"ok\xc3\xa4nt","indata":{"m\xc3\xa5nad":"2023-03","husdjur":2}}\n',
]


def case_bodies(cases_dir):
    """Each example application as the bytes after its id: `,"indata":{…}}` (compact JSON)."""
    bodies = []
    for name in sorted(os.listdir(cases_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(cases_dir, name), encoding="utf-8") as f:
            doc = json.load(f)
        if "indata" not in doc:
            doc = {"indata": doc}
        doc.pop("id", None)
        bodies.append(("," + json.dumps(doc, ensure_ascii=False, separators=(",", ":"))[1:] + "\n").encode())
    if not bodies:
        sys.exit(f"no .json cases in {cases_dir}")
    return bodies


def write_cases(stream, bodies, n):
    """Writes n lines, in blocks: line i (1-based) is corrupt when i is a multiple of CORRUPT_EVERY."""
    block = []
    for i in range(1, n + 1):
        if i % CORRUPT_EVERY == 0:
            block.append(CORRUPT[(i // CORRUPT_EVERY) % len(CORRUPT)])
        else:
            block.append(b'{"id":"b%d"' % i + bodies[i % len(bodies)])
        if len(block) == 4096:
            stream.write(b"".join(block))
            block = []
    stream.write(b"".join(block))
    stream.close()


def memory_mib(pid):
    """(resident, peak resident) of a running process, in MiB."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("regel")
    ap.add_argument("rules")
    ap.add_argument("cases_dir")
    ap.add_argument("--cases", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--jit", action="store_true")
    a = ap.parse_args()
    bodies = case_bodies(a.cases_dir)
    marks = [m for m in (1_000_000, 2_000_000, 5_000_000, 10_000_000) if m < a.cases] + [a.cases]
    cmd = [a.regel, "batch", a.rules, "-", "--threads", str(a.threads)] + (["--jit"] if a.jit else [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            bufsize=1 << 20)
    writer = threading.Thread(target=write_cases, args=(proc.stdin, bodies, a.cases))
    writer.start()
    stderr = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()))
    reader.start()
    rows, problems = [], []
    seen = errors = 0
    pending = b""
    # Read in blocks: Python is slower per line than the batch. Each block's first and last lines
    # must carry the numbers its line count gives, every other line its case's id, and the error
    # records must be exactly the corrupt lines (counted per block, each one found on its line).
    while not problems and len(rows) < len(marks):
        block = proc.stdout.read1(1 << 20)
        if not block:
            break
        block = pending + block
        cut = block.rfind(b"\n") + 1
        pending, block = block[cut:], block[:cut]
        lines = block.count(b"\n")
        if lines == 0:
            continue
        if not block.startswith(b'{"rad":%d,' % (seen + 1)):
            problems.append(f"line {seen + 1} out of order: {block[:40]!r}")
            break
        first, last = seen + 1, seen + lines
        if not block.startswith(b'{"rad":%d,' % last, block.rfind(b"\n", 0, len(block) - 1) + 1):
            problems.append(f"lines {first}–{last}: the block's last line is not line {last}")
            break
        corrupt = [i for i in range((first + CORRUPT_EVERY - 1) // CORRUPT_EVERY * CORRUPT_EVERY, last + 1, CORRUPT_EVERY)]
        if block.count(b'"\xc3\xa4rendefel"') != len(corrupt) or block.count(b'"\xc3\xa4rende":"b') != lines - len(corrupt):
            problems.append(f"lines {first}–{last}: not exactly the corrupt lines are error records")
            break
        def error_record(i):
            at = block.find(b'{"rad":%d,' % i)
            return at >= 0 and b'"\xc3\xa4rendefel"' in block[at:block.find(b"\n", at)]
        if not all(error_record(i) for i in corrupt):
            problems.append(f"lines {first}–{last}: an error record is not on its corrupt line")
            break
        seen, errors = last, errors + len(corrupt)
        while len(rows) < len(marks) and seen >= marks[len(rows)]:
            resident, peak = memory_mib(proc.pid)
            rows.append((seen, resident, peak, time.perf_counter() - start))
    rest = pending + proc.stdout.read()
    writer.join()
    _, status, usage = os.wait4(proc.pid, 0)
    reader.join()
    summary = (stderr[0] if stderr else b"").decode(errors="replace").strip().splitlines()
    summary = summary[-1] if summary else ""
    if not problems and rest:
        problems.append(f"{len(rest.splitlines())} lines after the last case")
    if not problems and seen != a.cases:
        problems.append(f"{seen} lines out for {a.cases} in")
    m = re.search(r"([\d ]+) rader kunde inte läsas", summary)
    if not problems and (not m or int(m.group(1).replace(" ", "")) != errors):
        problems.append(f"the summary does not count the {errors} corrupt lines: {summary}")
    if not problems and os.waitstatus_to_exitcode(status) != 1:
        problems.append(f"exit code {os.waitstatus_to_exitcode(status)}, not 1 for corrupt lines")
    for cases, resident, peak, secs in rows:
        print(f"{cases}\t{resident:.1f}\t{peak:.1f}\t{secs:.1f}")
    print(f"peak\t{usage.ru_maxrss / 1024:.1f}")
    print(f"summary\t{summary}")
    print(f"check\t{'; '.join(problems) if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
