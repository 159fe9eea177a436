"""Under load: gunicorn on PostgreSQL (and Redis), driven by wrk, against a constant baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/load.py --duration 30 --connections 8,32

Needs wrk (`apt-get install -y wrk`) and the seeded data (`manage.py seed_scale`). Starts
gunicorn with bench/gunicorn.conf.py twice: caches off (every request renders), then with the
page cache in Redis (warm). For each page and each connection count it runs wrk for
`--duration` seconds and reports requests per second, p50/p95/p99 latency, errors, and the
ratio to the constant-response baseline, which runs `--baseline-duration` seconds just before
and just after each page (the ratio is to the mean of the two). Then checks that a repeat
reader with the page's ETag gets a 304, and reports each worker's peak memory.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIND = os.environ.get("BENCH_BIND", "127.0.0.1:8791")
BASE = f"http://{BIND}"
BASELINE = ("constant baseline", "/bench/baseline/constant/")
PAGES = [
    ("dashboard", "/"),
    ("annotated declaration", "/declaration/"),
    ("sector page", "/sectors/semiconductors/"),
    ("commitments table", "/commitments/"),
    (
        "commitments, filtered+sorted",
        "/commitments/?sector=ict&japan_status=in_progress&sort=-title",
    ),
    ("commitment page", "/commitments/joint-declaration-economic-security-2025/8.1/"),
    ("projects table", "/projects/"),
    ("updates table", "/updates/"),
    ("updates feed", "/updates/feed/"),
    ("charts", "/charts/"),
    ("API commitments list", "/api/commitments/?format=json"),
]


def choose(spec):
    """The PAGES named in `spec`, separated by semicolons (a name may hold a comma)."""
    if not spec:
        return PAGES
    wanted = {name.strip() for name in spec.split(";")}
    unknown = wanted - {name for name, _url in PAGES}
    if unknown:
        raise SystemExit(f"no page named {', '.join(sorted(unknown))}")
    return [page for page in PAGES if page[0] in wanted]


def start_gunicorn(cache, venv):
    host, port = BIND.rsplit(":", 1)
    with socket.socket() as probe:
        if probe.connect_ex((host, int(port))) == 0:
            raise SystemExit(f"{BIND} is taken by another server: set BENCH_BIND")
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_CONN_MAX_AGE": "60",
        "TRACKER_PAGE_CACHE": "1" if cache else "0",
        "TRACKER_API_ANON_RATE": "100000000/minute",
        "GUNICORN_BIND": BIND,
    }
    if cache:
        env.setdefault("DJANGO_REDIS_URL", "redis://127.0.0.1:6379/5")
    process = subprocess.Popen(
        [
            str(venv / "bin/gunicorn"),
            "tracker.wsgi",
            "-c",
            str(ROOT / "bench/gunicorn.conf.py"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + BASELINE[1], timeout=2)
            return process
        except (urllib.error.URLError, OSError):  # refused, or a first answer still slow
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def worker_peaks(process):
    """Peak resident memory (MB) of each worker process: VmHWM from /proc."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def wrk(url, connections, duration):
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(connections, 4)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench/latency.lua"),
            BASE + url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def conditional_get_is_304(url):
    first = urllib.request.urlopen(BASE + url)
    etag = first.headers["ETag"]
    request = urllib.request.Request(BASE + url, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        return error.code == 304
    return False


def row(name, count, result, base_rps):
    return (
        f"| {name} | {count} | {result['rps']:.0f} | {base_rps:.0f} | "
        f"{result['rps'] / base_rps:.2f} | {result['p50']:.1f} | {result['p95']:.1f} | "
        f"{result['p99']:.1f} | {result['errors']} |"
    )


def run(cache, connections, duration, pages, venv, baseline_duration):
    label = "warm page cache (Redis)" if cache else "caches off"
    process = start_gunicorn(cache, venv)
    try:
        for _, url in [BASELINE, *pages]:  # warm up: connections, templates, cache entries
            urllib.request.urlopen(BASE + url).read()
        print(
            f"\n### {label}: {duration} s per page and connection count, the constant baseline "
            f"{baseline_duration} s before and after each page\n",
            flush=True,
        )
        print(
            "| page | conns | req/s | baseline req/s | × baseline | p50 ms | p95 ms | p99 ms "
            "| errors |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for count in connections:
            # The machine's speed drifts over minutes: each page is compared with the mean of
            # the baseline runs just before and just after it, not with one run at the start.
            bases = [wrk(BASELINE[1], count, baseline_duration)]
            for name, url in pages:
                result = wrk(url, count, duration)
                bases.append(wrk(BASELINE[1], count, baseline_duration))
                around = (bases[-2]["rps"] + bases[-1]["rps"]) / 2
                print(row(name, count, result, around), flush=True)
            rates = sorted(base["rps"] for base in bases)
            median = statistics.median(rates)
            highest = {key: max(base[key] for base in bases) for key in ("p50", "p95", "p99")}
            print(
                f"| {BASELINE[0]} ({len(bases)} runs: {rates[0]:.0f} to {rates[-1]:.0f} req/s; "
                f"the highest p50/p95/p99) | {count} | {median:.0f} | {median:.0f} | 1.00 | "
                f"{highest['p50']:.1f} | {highest['p95']:.1f} | {highest['p99']:.1f} | "
                f"{sum(base['errors'] for base in bases)} |",
                flush=True,
            )
        if cache:
            answers = {name: conditional_get_is_304(url) for name, url in pages}
            print(
                "\nConditional GET with the ETag answers 304: "
                + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in answers.items())
            )
        peaks = worker_peaks(process)
        print(f"\nPeak memory per worker ({label}): " + ", ".join(f"{mb:.0f} MB" for mb in peaks))
    finally:
        stop(process)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", default="8,32")
    parser.add_argument(
        "--baseline-duration",
        type=int,
        default=10,
        help="seconds of the constant baseline before and after each page (default: 10)",
    )
    parser.add_argument("--only", choices=["cold", "warm"], help="run one of the two servers")
    parser.add_argument("--pages", help="page names separated by semicolons (default: all)")
    parser.add_argument(
        "--venv",
        type=Path,
        default=ROOT / ".venv",
        help="the virtualenv whose gunicorn serves (default: .venv): to compare interpreters",
    )
    args = parser.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if not (args.venv / "bin/gunicorn").exists():
        raise SystemExit(f"no gunicorn in {args.venv}: pip install -r requirements.txt into it")
    if args.duration < 1 or args.baseline_duration < 1:
        parser.error("--duration and --baseline-duration are whole seconds, 1 or more")
    connections = [int(count) for count in args.connections.split(",")]
    pages = choose(args.pages)
    if args.only != "warm":
        run(False, connections, args.duration, pages, args.venv, args.baseline_duration)
    if args.only != "cold":
        subprocess.run(["redis-cli", "-n", "5", "flushdb"], capture_output=True)
        run(True, connections, args.duration, pages, args.venv, args.baseline_duration)


if __name__ == "__main__":
    sys.exit(main())
