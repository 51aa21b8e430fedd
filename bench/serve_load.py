#!/usr/bin/env python3
"""Writes bench/SERVE.md from one run of bench/serve_load.sh: the wrk outputs of every scenario and
repetition, the server's /metrics before and after each, and the run's meta data. Every figure is
a median over the run's repetitions, and every ratio is against GET /health of the same server at
the same concurrency in the same run. Exit code 1 when any request failed or a run gave no result.
Standard library only; called by bench/serve_load.sh, never by CI.

    bench/serve_load.py build-bench/serve-load -o bench/SERVE.md
"""
import argparse
import os
import re
import statistics
import sys

SCENARIOS = [
    ("health", "`GET /health`", "the HTTP floor of the same server: the baseline"),
    ("kort", "`POST /v1/beslut/forsorjningsstod?förklaring=kort`",
     "decode, decide, the decision as JSON and the short text"),
    ("full", "`POST /v1/beslut/forsorjningsstod?förklaring=full`",
     "as kort, with the whole motivering and the what-if search (`vad_skulle_ändra`)"),
]
TARGET_US = 1000  # issue 9: p99 < 1 ms for a kort decision, one request at a time

RUN_NAME = re.compile(r"^(\d+)-(\w+)-c(\w+)-r(\d+)\.txt$")
SUMMARY = re.compile(r"^regel-wrk: (.*)$", re.M)
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value
    return meta


def metric_values(path):
    """The server's handler time per decision (sum in seconds, count) and the problems (körfel) it
    answered with 200."""
    out = {"sum": 0.0, "count": 0, "problems": 0}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("regel_beslut_sekunder_sum "):
                out["sum"] = float(line.split()[-1])
            elif line.startswith("regel_beslut_sekunder_count "):
                out["count"] = int(line.split()[-1])
            elif line.startswith("regel_fel_total{") and 'status="200"' in line:
                out["problems"] += int(line.split()[-1])
    return out


def read_run(directory, name, match):
    path = os.path.join(directory, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    run = {
        "file": name,
        "scenario": match.group(2),
        "level": match.group(3),  # the connections, "1pin" for -c1 pinned to one core
        "connections": int(re.match(r"\d+", match.group(3)).group(0)),
        "rep": int(match.group(4)),
        "command": "",
        "ok": False,
    }
    for line in text.splitlines():
        if line.startswith("# command: "):
            run["command"] = line[len("# command: "):]
        elif line.startswith("# cpu-before: "):
            run["cpu_before"] = [int(x) for x in line.split()[2:]]
        elif line.startswith("# cpu-after: "):
            run["cpu_after"] = [int(x) for x in line.split()[2:]]
    run["cpu"] = cpu_shares(run.get("cpu_before"), run.get("cpu_after"))
    summary = SUMMARY.search(text)
    if summary:
        fields = dict(kv.split("=", 1) for kv in summary.group(1).split())
        values = {k: float(v) for k, v in fields.items()}
        run.update(values)
        run["rps"] = values["requests"] / (values["duration_us"] / 1e6)
        # wrk's own lines too: its socket errors and its count of statuses above 399.
        socket = SOCKET_ERRORS.search(text)
        wrk_socket = sum(int(x) for x in socket.groups()) if socket else 0
        non2xx = NON_2XX.search(text)
        wrk_non2xx = int(non2xx.group(1)) if non2xx else 0
        sockets = values["connect"] + values["read"] + values["write"] + values["timeout"]
        bad_status = max(values["non2xx"], values["status"], wrk_non2xx)
        run["errors"] = int(max(sockets, wrk_socket) + bad_status)
        run["ok"] = "# wrk exit code" not in text
    before = metric_values(path + ".metrics-before")
    after = metric_values(path + ".metrics-after")
    decided = after["count"] - before["count"]
    run["decided"] = decided
    run["handler_us"] = (after["sum"] - before["sum"]) / decided * 1e6 if decided > 0 else None
    # Problems the server answered with a status outside 2xx are in wrk's count already; those it
    # answered with 200 (a körfel in the rules: manuell prövning) are reported, not counted as errors.
    run["problems"] = after["problems"] - before["problems"]
    return run


def median(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def us(value):
    if value is None:
        return "–"
    if value >= 10000:
        return f"{value / 1000:,.0f} ms".replace(",", " ")
    if value >= 1000:
        return f"{value / 1000:.2f} ms"
    return f"{value:.0f} µs"


def ratio(value, base):
    if value is None or not base:
        return "–"
    return f"{value / base:.2f}×"


def number(value):
    return f"{value:,.0f}".replace(",", " ")


def cpu_delta(before, after):
    """Tick deltas of one run: the cpu line of /proc/stat (user nice system idle iowait irq softirq
    steal), the server's, this script's finished children's (wrk, curl)."""
    if not before or not after or len(before) != 10 or len(after) != 10:
        return None
    return [a - b for a, b in zip(after, before)]


def cpu_shares(before, after):
    d = cpu_delta(before, after)
    if d is None:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal, server, ours = d
    total = user + nice + system + idle + iowait + irq + softirq + steal
    if total <= 0:
        return None
    busy = user + nice + system + irq + softirq
    return {
        "server": server / total * 100,
        "client": ours / total * 100,
        "others": max(0, busy - server - ours) / total * 100,
        "steal": steal / total * 100,
        "idle": (idle + iowait) / total * 100,
    }


def summed_shares(runs):
    deltas = [cpu_delta(r.get("cpu_before"), r.get("cpu_after")) for r in runs]
    deltas = [d for d in deltas if d is not None]
    if not deltas:
        return None
    zero = [0] * 10
    total = [sum(col) for col in zip(*deltas)] if deltas else zero
    return cpu_shares(zero, total)


def percent(value):
    return "–" if value is None else f"{value:.0f} %"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    meta = read_meta(os.path.join(args.directory, "meta.txt"))
    runs = []
    for name in sorted(os.listdir(args.directory)):
        match = RUN_NAME.match(name)
        if match:
            runs.append(read_run(args.directory, name, match))
    failed = [r for r in runs if not r["ok"]]
    problems = sum(r["problems"] for r in runs)
    errors = sum(r.get("errors", 0) for r in runs)
    levels = sorted({r["level"] for r in runs}, key=lambda l: (int(re.match(r"\d+", l).group(0)), l))

    out = []
    w = out.append
    w("# The load test of `regel serve`\n")
    w("Written by `bench/serve_load.sh` (`bench/serve_load.py`) in one run; don't edit by hand, run it "
      "again. wrk against a real server on loopback, every scenario "
      f"{meta.get('repetitions', '?')} × {meta.get('duration', '?')} s, the repetitions interleaved. "
      "Every figure is the **median over the repetitions**; every ratio (×) is against `GET /health` "
      "of the same server at the same level (concurrency, pinning) in the same run. Latency is wrk's: from writing the "
      "request to reading the whole response, client and server on the same two cores.\n")
    w(f"- date: {meta.get('date', '?')}; commit {meta.get('commit', '?')}")
    w(f"- machine: {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, {meta.get('uname', '?')}")
    w(f"- client: {meta.get('wrk', '?').split(' Copyright')[0]}, `bench/serve_load.lua`: the {meta.get('applications', '?')} "
      "bundled applications (`rulesets/forsorjningsstod/ansokningar/*.json`) POSTed in turn")
    w(f"- server: `{meta.get('server', '?')}`")
    load_before = meta.get("load_before", "?")
    load_after = meta.get("load_after", "?")
    w(f"- load average (1, 5, 15 min): {load_before} before, {load_after} after (the after includes the test's own load)")
    cpu = summed_shares(runs)
    quiet = True
    if cpu is not None:
        w(f"- CPU time during the measured runs, as a share of both cores: server {cpu['server']:.0f} %, "
          f"wrk and curl {cpu['client']:.0f} %, **other processes {cpu['others']:.0f} %**, stolen by the "
          f"hypervisor {cpu['steal']:.1f} %, idle {cpu['idle']:.0f} % (approximate, from /proc/stat and "
          "/proc/PID/stat: the kernel's time for the loopback traffic is in the machine's total but not "
          "always in a process's; per run below)")
        quiet = cpu["others"] < 10
    if not quiet:
        w("\n**The machine was not quiet during this run** (see the load and the other processes' CPU "
          "above): other work competed for the two cores, which can inflate latencies (the tails especially) "
          "and lower requests/s. The ratios against /health of the same run cancel some of that, not all.")
    w("")

    kort_c1 = [r for r in runs if r["scenario"] == "kort" and r["level"] == "1" and r["ok"]]
    p99 = median(kort_c1, "p99_us")
    if p99 is None:
        w("**Target p99 < 1 ms for a kort decision at -c1: not measured** (no result).\n")
    else:
        held_reps = sum(1 for r in kort_c1 if r["p99_us"] < TARGET_US)
        per_rep = ", ".join(us(r["p99_us"]) for r in sorted(kort_c1, key=lambda r: r["rep"]))
        verdict = "held" if p99 < TARGET_US else "NOT held"
        w(f"**Target p99 < 1 ms for a försörjningsstöd decision with förklaring=kort at -t1 -c1: {verdict}** — "
          f"median p99 {us(p99)} (per repetition: {per_rep}; under 1 ms in {held_reps} of {len(kort_c1)}).\n")
    kort_pinned = [r for r in runs if r["scenario"] == "kort" and r["level"] == "1pin" and r["ok"]]
    if kort_pinned:
        p99p = median(kort_pinned, "p99_us")
        per_rep = ", ".join(us(r["p99_us"]) for r in sorted(kort_pinned, key=lambda r: r["rep"]))
        w(f"With wrk and the server pinned to one core (taskset), the same scenario's median p99 is {us(p99p)} "
          f"(per repetition: {per_rep}): {'under' if p99p < TARGET_US else 'over'} 1 ms.\n")
    if errors == 0 and not failed:
        w(f"**Errors: 0** in {number(sum(r.get('requests', 0) for r in runs))} measured requests "
          "(socket errors, timeouts over 2 s, statuses outside 2xx).\n")
    else:
        w(f"**Errors: {errors}**; runs without a result: {len(failed)} ({', '.join(r['file'] for r in failed) or '–'}).\n")

    if problems:
        w(f"The server's /metrics counted {problems} decisions answered with 200 after a körfel in the rules "
          "(manuell prövning): not request errors, but not ordinary decisions either.\n")

    for c in levels:
        level = [r for r in runs if r["level"] == c]
        threads = re.search(r"-t(\d+)", level[0]["command"])
        title = f"-t{threads.group(1) if threads else '?'} -c{level[0]['connections']}"
        if c == "1":
            title += ": one request at a time (latency without queueing)"
        elif c == "1pin":
            title += (", wrk and every server thread pinned to CPU 0 (taskset): one request at a time, "
                      "without waking the other core")
        else:
            title += ": loaded"
        w(f"## {title}\n")
        w("| scenario | requests/s | × | p50 | × | p99 | × | p99.9 | max | errors | handler (server) |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        base = [r for r in level if r["scenario"] == "health" and r["ok"]]
        base_rps, base_p50, base_p99 = median(base, "rps"), median(base, "p50_us"), median(base, "p99_us")
        for key, label, _ in SCENARIOS:
            rs = [r for r in level if r["scenario"] == key and r["ok"]]
            if not rs:
                continue
            rps, p50, p99v = median(rs, "rps"), median(rs, "p50_us"), median(rs, "p99_us")
            w(f"| {key} | {number(rps)} | {ratio(rps, base_rps)} | {us(p50)} | {ratio(p50, base_p50)} | "
              f"{us(p99v)} | {ratio(p99v, base_p99)} | {us(median(rs, 'p999_us'))} | {us(median(rs, 'max_us'))} | "
              f"{sum(r.get('errors', 0) for r in level if r['scenario'] == key)} | "
              f"{us(median(rs, 'handler_us')) if key != 'health' else '–'} |")
        w("")

    w("Columns: requests/s, p50, p99, p99.9 and max are medians over the repetitions; errors is the sum "
      "over them. *handler (server)* is the mean time the server's decision handler took per request "
      "(from its own `regel_beslut_sekunder` histogram in `/metrics`, read before and after each run: "
      "from the handler's start to its body being built — decode, decide, render — without HTTP "
      "parsing and writing; whole microseconds, rounded down per request).\n")

    # Where the time goes, one request at a time: the decision's mean latency against /health's.
    w("## Decision versus HTTP, one request at a time\n")
    for c in [l for l in levels if l in ("1", "1pin")]:
        level = [r for r in runs if r["level"] == c and r["ok"]]
        health_mean = median([r for r in level if r["scenario"] == "health"], "mean_us")
        for key in ("kort", "full"):
            rs = [r for r in level if r["scenario"] == key]
            mean = median(rs, "mean_us")
            handler = median(rs, "handler_us")
            if mean is None or health_mean is None or handler is None:
                continue
            where = "-c1" if c == "1" else "-c1 on one core"
            w(f"- **{key}** at {where}: mean latency {mean:.0f} µs against {health_mean:.0f} µs for /health "
              f"(+{mean - health_mean:.0f} µs, {mean / health_mean:.1f}×). The server's handler (decode, decide, "
              f"render) took {handler:.0f} µs of it on average, {handler / mean * 100:.0f} %; the other "
              f"{mean - handler:.0f} µs — HTTP (parsing the request, writing a {'larger ' if key == 'full' else ''}body), "
              f"the loopback and wrk — compare with /health's whole round trip of {health_mean:.0f} µs.")
    w("")

    w("## The server's threads\n")
    w("httplib's pool gives each keep-alive connection a worker thread for the connection's life (up to "
      "1 000 requests, or 5 s idle). With fewer workers than connections the other connections wait "
      "unserved in the queue for a whole connection's life, so the server here runs with one worker "
      "per loaded connection (`--threads` = `-c`); `regel serve`'s default is two per core, at least 4 "
      "(4 on this machine). Run `bench/serve_load.sh --server-threads 4` to measure the default.\n")

    w("## Every run\n")
    w("*level*: the connections (`1pin`: -c1 with wrk and the server pinned to CPU 0). *others* and "
      "*steal*: the CPU time other processes took and the hypervisor stole during the run, as a share "
      "of both cores.\n")
    w("| run | scenario | level | rep | requests | requests/s | p50 | p99 | p99.9 | max | errors | handler | others | steal |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in runs:
        if not r["ok"]:
            w(f"| {r['file']} | {r['scenario']} | {r['level']} | {r['rep']} | no result | | | | | | | | | |")
            continue
        w(f"| {r['file'][:2]} | {r['scenario']} | {r['level']} | {r['rep']} | {number(r['requests'])} | "
          f"{number(r['rps'])} | {us(r['p50_us'])} | {us(r['p99_us'])} | {us(r['p999_us'])} | {us(r['max_us'])} | "
          f"{r['errors']} | {us(r['handler_us']) if r['scenario'] != 'health' else '–'} | "
          f"{percent(r['cpu'] and r['cpu']['others'])} | {percent(r['cpu'] and r['cpu']['steal'])} |")
    w("")

    w("## The wrk commands\n")
    w("```sh")
    seen = set()
    for r in runs:
        key = (r["scenario"], r["level"])
        if key not in seen:
            seen.add(key)
            command = r["command"]
            command = re.sub(r"(rulesets/forsorjningsstod/ansokningar/)\S+\.json( \1\S+\.json)*", r"\1*.json", command)
            w(re.sub(r"(http://\S+)", r"'\1'", command))
    w("```")
    w("")
    w("The port is the one the server chose (`--port 0`). Raw outputs: `build-bench/serve-load/`.")

    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    if failed or errors:
        print(f"serve_load.py: {errors} errors, {len(failed)} runs without a result", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
