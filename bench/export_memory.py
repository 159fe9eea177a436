"""Time and peak memory of exporting 10 000 filtered commitments as CSV, XLSX and JSON.

    DJANGO_SECRET_KEY=bench .venv/bin/python bench/export_memory.py [--rows 10000] [--runs 3]

Builds a throwaway SQLite database (or, with DATABASE_URL set, adds to that database and
removes its rows afterwards), fills it with synthetic commitments, then, for each format, in a
fresh process: one small export to warm up, then the full export streamed through Django's test
client, as a browser would read it. Prints a table:

- seconds: median of --runs full exports, without tracing;
- peak RSS above idle: the process's peak resident memory (ru_maxrss) minus its resident memory
  just before the export, after the warm-up: what the export costs the server process;
- traced peak: the peak of Python allocations during one export (tracemalloc), a second view.

Baseline in the same run: the same rows read with `values_list().iterator()` and written
with the csv module, no Django view, no table.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SYNTHETIC = "bench-synthetic-export"
FILTER = {"sector": "semiconductors", "q": "synthetic"}  # the synthetic rows, as a reader filters


def setup_django():
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["TRACKER_PAGE_CACHE"] = "0"
    import django

    django.setup()


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def build(rows):
    from django.core.management import call_command

    from sectors.models import Sector
    from tracker.models import Commitment, Declaration, Paragraph

    call_command("migrate", verbosity=0)
    if not Declaration.objects.filter(slug="joint-declaration-economic-security-2025").exists():
        call_command("load_declaration", verbosity=0)
    teardown()
    sector = Sector.objects.get(slug="semiconductors")
    declaration = Declaration.objects.create(
        slug=SYNTHETIC,
        title="Synthetic declaration (export benchmark data)",
        short_title="Synthetic",
        kind="declaration",
        adopted_on="2025-08-29",
        place="Synthetic",
    )
    paragraph = Paragraph.objects.create(
        declaration=declaration, position=1, number="1", text="Both sides will", sector=sector
    )
    Commitment.objects.bulk_create(
        (
            Commitment(
                declaration=declaration,
                paragraph=paragraph,
                reference=f"1.{i}",
                position=i,
                sector=sector,
                title=f"Synthetic commitment {i}",
                text=f"synthetic benchmark commitment number {i};",
            )
            for i in range(1, rows + 1)
        ),
        batch_size=2000,
    )


def teardown():
    from tracker.models import Commitment, Declaration, Paragraph

    Commitment.objects.filter(declaration__slug=SYNTHETIC).delete()
    Paragraph.objects.filter(declaration__slug=SYNTHETIC).delete()
    Declaration.objects.filter(slug=SYNTHETIC).delete()


def measure(fmt, runs):
    """Run in a fresh process: time and memory of one format's export."""
    from django.test import Client

    client = Client()

    def export(params):
        started = time.perf_counter()
        if fmt == "baseline":
            import csv
            import io

            from tracker.models import Commitment

            sink = io.StringIO()
            writer = csv.writer(sink)
            size = 0
            rows = (
                Commitment.objects.filter(
                    sector__slug=params["sector"], text__icontains=params["q"]
                )
                .order_by("position")
                .values_list("reference", "title", "sector__name", "text")
                .iterator(chunk_size=500)
            )
            for row in rows:
                writer.writerow(row)
                size += len(sink.getvalue())
                sink.seek(0)
                sink.truncate()
        else:
            response = client.get("/commitments/", {**params, "_export": fmt})
            assert response.status_code == 200, response.status_code
            size = sum(len(chunk) for chunk in response.streaming_content)
        return time.perf_counter() - started, size

    export({"sector": "pharmaceuticals", "q": "both"})  # warm up on a few real rows
    idle = rss_bytes()
    times, size = [], 0
    for _ in range(runs):
        elapsed, size = export(FILTER)
        times.append(elapsed)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    export(FILTER)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "format": fmt,
        "seconds": statistics.median(times),
        "rss_above_idle_mb": max(peak_rss - idle, 0) / 1e6,
        "traced_peak_mb": traced / 1e6,
        "bytes": size,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        setup_django()
        print(json.dumps(measure(args.measure, args.runs)))
        return
    own_database = "DATABASE_URL" not in os.environ
    if own_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    setup_django()
    from django.db import connection

    build(args.rows)
    connection.close()
    print(f"{args.rows} synthetic commitments on {connection.vendor}; median of {args.runs} runs")
    print()
    print("| export | rows | seconds | peak RSS above idle (MB) | traced peak (MB) | bytes |")
    print("|---|---|---|---|---|---|")
    try:
        for fmt in ("baseline", "csv", "xlsx", "json"):
            output = subprocess.run(
                [sys.executable, __file__, "--measure", fmt, "--runs", str(args.runs)],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            print(
                f"| {fmt} | {args.rows} | {result['seconds']:.2f} "
                f"| {result['rss_above_idle_mb']:.1f} | {result['traced_peak_mb']:.1f} "
                f"| {result['bytes']} |"
            )
    finally:
        if not own_database:
            teardown()


if __name__ == "__main__":
    main()
