"""Page cost: median server time and SQL query count of every public page, at several sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/page_cost.py --sizes 1000,10000,100000

For each size, the synthetic data is (re)seeded with `manage.py seed_scale`, then every page is
requested in rounds, interleaved with the baseline view (the same 50 commitments in one query
through a plain template), so that a noisy neighbour slows both alike. The baseline is one
more page of each round, whose order is shuffled every round: it runs as often, and as warm,
as each page. Caches off. Prints one table per size (median ms, ratio to the baseline,
queries) and a growth table across sizes.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ["TRACKER_PAGE_CACHE"] = "0"  # caches off: this measures rendering
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# One connection kept across requests, as deployed (README) and as load.py runs gunicorn.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from tracker.management.commands.seed_scale import PREFIX  # noqa: E402
from tracker.models import Commitment, Evidence, StatusUpdate, StoredCounts  # noqa: E402

BASELINE = "/bench/baseline/table/"
RECOUNT = "dashboard, first view of a day"
RECHART = "charts, first view after a publication"


def pages():
    """(name, URL) of every public page, for the data as seeded."""
    synthetic = (
        Commitment.objects.filter(declaration__slug__startswith=PREFIX)
        .select_related("declaration")
        .order_by("pk")
    )
    middle = synthetic[synthetic.count() // 2]
    return [
        ("dashboard", "/"),
        # The first view of a new day counts again what is overdue (tracker/counts.py); after a
        # change, the change itself has recounted everything.
        (RECOUNT, "/"),
        ("annotated declaration", "/declaration/"),
        ("sector page", "/sectors/semiconductors/"),
        ("commitments table", "/commitments/"),
        ("commitments table, 50 rows", "/commitments/?per_page=50"),
        ("commitments, filtered", "/commitments/?sector=ict&japan_status=in_progress"),
        ("commitments, sorted", "/commitments/?sort=-title"),
        (
            "commitments, filtered+sorted",
            "/commitments/?sector_kind=key&india_status=completed&sort=japan_status",
        ),
        # The same 11 commitments at every size (declaration 0001 exists at 1 000 already).
        ("commitments, search", "/commitments/?q=Synthetic+0001-12"),
        ("commitment page", middle.get_absolute_url()),
        ("projects table", "/projects/"),
        ("projects, search", "/projects/?q=Synthetic+project+000011"),
        ("updates table", "/updates/"),
        ("updates, filtered", "/updates/?side=japan&lifecycle=in_progress"),
        # The updates of the same 11 commitments at every size.
        ("updates, search", "/updates/?q=Synthetic+0001-12"),
        ("updates feed", "/updates/feed/"),
        # Drawn from the stored monthly figures, which each publication brings up to date.
        ("charts", "/charts/"),
        (RECHART, "/charts/"),
        ("API commitments list", "/api/commitments/?format=json"),
        ("API updates list", "/api/updates/?format=json"),
    ]


def yesterday():
    """The stored counts as the last reader of yesterday left them."""
    StoredCounts.objects.update(day=timezone.localdate() - datetime.timedelta(days=1))


def publish_one():
    """A publication on a synthetic commitment, as a reviewer makes it (StatusUpdate.publish,
    which also raises the data version and recounts the dashboard's counts)."""
    from django.contrib.auth import get_user_model

    reviewer, _ = get_user_model().objects.get_or_create(username="bench-reviewer")
    synthetic = Commitment.objects.filter(declaration__slug__startswith=PREFIX).order_by("pk")
    published = StatusUpdate.objects.filter(reviewer=reviewer).count()
    commitment = synthetic[(published * 7919) % synthetic.count()]
    levels = ["limited", "substantial", "complete", "not_started"]
    update = StatusUpdate.objects.create(
        commitment=commitment,
        side=["japan", "india", "joint"][published % 3],
        as_of=timezone.localdate(),
        lifecycle="in_progress",
        completion=levels[published % len(levels)],
        narrative="Synthetic update published by the page-cost bench.",
        state=StatusUpdate.State.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Evidence.objects.create(
        update=update, title="Synthetic evidence", kind="other", url="https://example.org/"
    )
    update.publish(reviewer)


def prepare(name):
    if name == RECOUNT:
        yesterday()
    elif name == RECHART:
        publish_one()


def measure(client, url, name=None):
    prepare(name)
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def queries(client, url, name=None):
    prepare(name)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context)


def seed(size):
    current = Commitment.objects.filter(declaration__slug__startswith=PREFIX).count()
    if current == size:
        return
    if current:
        call_command("seed_scale", remove=True, verbosity=0)
    started = time.monotonic()
    call_command("seed_scale", commitments=size)
    print(f"seeded {size} commitments in {time.monotonic() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        # A bulk load (and the removal before it) leaves dead rows and stale statistics that
        # autovacuum would clear only later: measure the tables as a settled database has them.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def run_size(size, rounds, hot_baseline=False):
    seed(size)
    client = Client()
    targets = pages()
    for _, url in [("baseline", BASELINE), *targets]:  # warm up: templates, connections
        client.get(url)
    times = {name: [] for name, _ in targets}
    baseline = []
    if hot_baseline:
        # The order of the first fifteen rounds (bench/README.md): the baseline before every
        # page, so it ran every other request, warm, while each page ran once a round.
        for _ in range(rounds):
            for name, url in targets:
                baseline.append(measure(client, BASELINE))
                times[name].append(measure(client, url, name))
    else:
        # The baseline is one more page of each round, in an order shuffled anew each round:
        # it runs as often as each page and as warm, and no page always follows the same one.
        shuffle = random.Random(size).shuffle
        entries = [(None, BASELINE), *targets]
        for _ in range(rounds):
            shuffle(entries)
            for name, url in entries:
                if name is None:
                    baseline.append(measure(client, BASELINE))
                else:
                    times[name].append(measure(client, url, name))
    base = statistics.median(baseline)
    rows = []
    for name, url in targets:
        median = statistics.median(times[name])
        rows.append((name, median * 1000, median / base, queries(client, url, name)))
    print(f"\n### {size} commitments (baseline: {base * 1000:.1f} ms, {rounds} rounds)\n")
    print("| page | median ms | × baseline | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, ms, ratio, count in rows:
        print(f"| {name} | {ms:.1f} | {ratio:.2f} | {count} |")
    return {name: (ms, ratio, count) for name, ms, ratio, count in rows}, base * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated commitment counts")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument(
        "--hot-baseline",
        action="store_true",
        help="the baseline before every page, as the first fifteen rounds measured",
    )
    parser.add_argument("--keep", action="store_true", help="leave the last size's data in place")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {size: run_size(size, args.rounds, args.hot_baseline) for size in sizes}
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"\n### Growth from {first} to {last} commitments (ratios to each run's baseline)\n")
        print("| page | × baseline at first | × baseline at last | growth | queries |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, (_, ratio, count) in results[first][0].items():
            _, last_ratio, last_count = results[last][0][name]
            same = "same" if count == last_count else f"{count} → {last_count}"
            print(
                f"| {name} | {ratio:.2f} | {last_ratio:.2f} | {last_ratio / ratio:.2f} | {same} |"
            )
    if not args.keep:
        call_command("seed_scale", remove=True, verbosity=0)


if __name__ == "__main__":
    main()
