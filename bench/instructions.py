"""Instructions per request: what each public page costs the Django process, counted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/instructions.py

Needs valgrind (`apt-get install -y valgrind`) and the seeded data (`manage.py seed_scale`).
Wall-clock medians on these shared machines moved by a fifth between runs of the same code, so
a change of a tenth could not be told from noise; the number of instructions a request runs
does not depend on the neighbours. For each page, the same process (hash seed fixed, caches
off, persistent database connection) is run under callgrind twice, making 3 and then 13
requests after the same warm-up; the difference over 10 is one request's instructions, without
the start-up. It counts the Django process only, not PostgreSQL's work, which page_cost.py's
times include. Pages as bench/load.py drives them, against the same two baselines.
"""

import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 3


def child(url, count):
    """Run in the measured process: set up Django, warm up, then `count` requests."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    for _ in range(WARM_UP + count):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")


def counted(url, count):
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",  # the same dictionaries and sets in every run
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_CONN_MAX_AGE": "60",
        "TRACKER_PAGE_CACHE": "0",
        "TRACKER_API_ANON_RATE": "100000000/minute",
    }
    output = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            url,
            str(count),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    ).stderr
    return int(re.search(r"Collected : (\d+)", output).group(1))


def per_request(url):
    return (counted(url, 13) - counted(url, 3)) / 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="page names separated by semicolons (default: all)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from load import BASELINE, choose

    pages = choose(args.pages)
    rows = [BASELINE, ("baseline table", "/bench/baseline/table/"), *pages]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = list(pool.map(per_request, [url for _, url in rows]))
    table = found[1]
    print("| page | instructions per request (M) | × baseline table |")
    print("| --- | ---: | ---: |")
    for (name, _url), value in zip(rows, found, strict=True):
        print(f"| {name} | {value / 1e6:.1f} | {value / table:.2f} |")


if __name__ == "__main__":
    main()
