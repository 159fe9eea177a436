"""Soak test: gunicorn on PostgreSQL on 127.0.0.1, mixed readers, officials and reviewers.

    .venv/bin/python bench/soak.py                     # 5 minutes at 32 connections
    .venv/bin/python bench/soak.py --kill-worker       # the same, one worker killed mid-run
    .venv/bin/python bench/soak.py --duration 60       # a shorter run
    .venv/bin/python bench/soak.py --redis redis://127.0.0.1:6379/6   # page cache in Redis

It creates its own database (tracker_soak by default, dropped first), loads the declaration,
creates officials (each with commitments of their own) and reviewers, starts gunicorn on
127.0.0.1 only, and drives it with --connections threads for --duration seconds:

- readers (three quarters of the connections) GET public pages, tables, exports, feeds, the API;
- officials post updates with evidence on their commitments ("Submit for review"), each with a
  unique marker in its narrative;
- reviewers take updates from the review queue and publish them; two may race for the same one.

At the end the reviewers drain the queue, and the bench reads the database: every update an
official was told was submitted exists exactly once (none lost, none duplicated), every update
a reviewer was told was published is published with exactly one "published" history entry, and
each commitment's stored status equals the status derived from its published updates. It
samples each gunicorn worker's resident memory every 5 seconds and reports its growth after the
first quarter of the run. With --kill-worker it SIGKILLs one worker half-way: the master starts
another, requests caught in the killed worker count as "cut" (their outcome unknown to the
client: the database then decides, and the checks allow 0 or 1 row for them, never 2).

Bounded: every request has a 30 s timeout, the run stops after --duration, the drain after
180 s. Traffic goes to 127.0.0.1 only. Not run by CI.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PASSWORD = "soak-" + secrets.token_urlsafe(12)
DECLARATION = "joint-declaration-economic-security-2025"

READ_PATHS = [
    "/",
    "/declaration/",
    "/commitments/",
    "/commitments/?japan_status=in_progress",
    "/commitments/?_export=csv",
    "/projects/",
    "/organisations/",
    "/updates/",
    "/updates/feed/",
    "/sectors/",
    "/methodology/",
    "/compliance/",
    "/api/commitments/?format=json",
    "/api/updates/?format=json",
    "/commitments/joint-declaration-economic-security-2025/8.1/",
    "/commitments/joint-declaration-economic-security-2025/9.1/",
]

SETUP = """
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from tracker.models import Commitment, Organisation, PointOfContact
User = get_user_model()
commitments = list(Commitment.objects.order_by("position"))
organisation = Organisation.objects.order_by("pk").first()
for i in range({officials}):
    user = User.objects.create_user(f"soak-official-{{i}}", password="{password}")
    user.groups.add(Group.objects.get(name="Officials"))
    contact = PointOfContact.objects.create(
        user=user, name=f"Soak official {{i}}", side="japan" if i % 2 == 0 else "india",
        organisation=organisation)
    contact.commitments.set(commitments[2 * i: 2 * i + 2])
for i in range({reviewers}):
    user = User.objects.create_user(f"soak-reviewer-{{i}}", password="{password}")
    user.groups.add(Group.objects.get(name="Reviewers"))
"""

VERIFY = """
import json
from tracker.models import Commitment, StatusUpdate
updates = StatusUpdate.objects.filter(author__username__startswith="soak-official-")
markers = [u.narrative.split()[1] for u in updates]
published = {str(u.uid): u.history.filter(state="published").count()
             for u in updates.filter(state="published")}
drifted = []
for commitment in Commitment.objects.all():
    before = [getattr(commitment, f.attname) for f in commitment._meta.concrete_fields]
    commitment.reset_status()
    for update in commitment.updates.published().order_by("as_of", "published_at", "pk"):
        commitment.apply_update(update, update.sides)
    after = [getattr(commitment, f.attname) for f in commitment._meta.concrete_fields]
    if before != after:
        drifted.append(commitment.reference)
from tracker.counts import count_changes
from tracker.models import StoredChanges
stored = StoredChanges.objects.values_list("changes", flat=True).first()
print(json.dumps({
    # The charts' figures, kept up to date by each publication: None if emptied (then the
    # next reader works them out), else exactly what working them out afresh gives.
    "charts": "empty" if stored is None else ("exact" if stored == count_changes() else "wrong"),
    "markers": markers,
    "state_counts": {s: updates.filter(state=s).count()
                     for s in ("draft", "submitted", "published", "returned")},
    "published_history": published,
    "drifted": drifted,
}))
"""


class Session:
    """A cookie-keeping HTTP client for one simulated person (a new connection per request)."""

    def __init__(self, port, stats):
        self.port = port
        self.cookies = {}
        self.stats = stats

    def request(self, method, path, body=None):
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            body = urlencode(body)
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.stats.count("cut")
            return None, b""
        finally:
            connection.close()
        self.stats.latency(time.perf_counter() - started)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        self.stats.count(f"{response.status // 100}xx")
        return response.status, content

    def csrf(self, content):
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        return match.group(1).decode() if match else ""

    def login(self, username):
        _, content = self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.csrf(content),
                "username": username,
                "password": PASSWORD,
            },
        )
        if status != 302:
            raise SystemExit(f"login of {username} failed: {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.latencies = []
        self.submitted = set()  # markers the server confirmed
        self.submit_unknown = set()  # markers whose request was cut
        self.published = set()  # uids a reviewer was told were published
        self.server_errors = []

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] += n

    def latency(self, seconds):
        with self.lock:
            self.latencies.append(seconds)


def reader(port, stats, stop):
    session = Session(port, stats)
    while not stop.is_set():
        path = random.choice(READ_PATHS)
        status, _ = session.request("GET", path)
        stats.count("reads")
        if status is not None and status >= 500:
            stats.server_errors.append(("GET", path, status))


def official(port, stats, stop, index, references):
    session = Session(port, stats)
    session.login(f"soak-official-{index}")
    sequence = 0
    today = time.strftime("%Y-%m-%d")
    while not stop.is_set():
        reference = references[sequence % len(references)]
        path = f"/my/commitments/{DECLARATION}/{reference}/new/"
        status, content = session.request("GET", path)
        if status != 200:
            if status is not None and status >= 500:
                stats.server_errors.append(("GET", path, status))
            continue
        marker = f"{index}-{sequence}"
        sequence += 1
        form = {
            "csrfmiddlewaretoken": session.csrf(content),
            "as_of": today,
            "lifecycle": random.choice(["in_progress", "ongoing", "completed"]),
            "completion": random.choice(["limited", "substantial", "complete"]),
            "confidence": "not_assessed",
            "narrative": f"Soak {marker} update posted by the soak bench.",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
            "evidence-0-url": f"https://example.org/soak/{marker}",
            "evidence-0-title": f"Soak evidence {marker}",
            "evidence-0-publisher": "Soak bench",
            "evidence-0-kind": "other",
            "evidence-0-published_on": today,
            "action": "submit",
        }
        status, _ = session.request("POST", path, form)
        with stats.lock:
            if status == 302:
                stats.submitted.add(marker)
            elif status is None:
                stats.submit_unknown.add(marker)
            elif status >= 500:
                stats.server_errors.append(("POST", path, status))
            else:
                stats.counts[f"submit refused {status}"] += 1
        time.sleep(random.uniform(0.2, 0.6))


def reviewer(port, stats, stop, index, reviewers, draining):
    session = Session(port, stats)
    session.login(f"soak-reviewer-{index}")
    while not stop.is_set():
        status, content = session.request("GET", "/review/")
        if status != 200:
            continue
        uids = re.findall(rb'href="/review/([0-9a-f-]{36})/"', content)
        if not uids:
            if draining.is_set():
                return
            time.sleep(0.3)
            continue
        if draining.is_set():  # share out the rest of the queue
            uid = (uids[index::reviewers] or uids)[0].decode()
        else:  # the oldest few: reviewers race for them
            uid = random.choice(uids[:4]).decode()
        path = f"/review/{uid}/"
        status, content = session.request("GET", path)
        if status != 200:
            continue
        version = re.search(rb'name="version" value="(\d+)"', content)
        form = {
            "csrfmiddlewaretoken": session.csrf(content),
            "action": "publish",
            "note": "",
            "version": version.group(1).decode() if version else "",
        }
        status, _ = session.request("POST", path, form)
        with stats.lock:
            if status == 302:
                stats.published.add(uid)
            elif status == 400:
                stats.counts["publish races lost (400)"] += 1
            elif status is not None and status >= 500:
                stats.server_errors.append(("POST", path, status))


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def manage(env, *args, stdin=None):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (300)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--database", default="tracker_soak")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL a worker half-way")
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="keep the page cache in Redis (redis://127.0.0.1:6379/6), not in each worker",
    )
    args = parser.parse_args()

    if not args.port:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            args.port = probe.getsockname()[1]
    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        c.execute(f'CREATE DATABASE "{args.database}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRACKER_"))},
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_COOKIES": "0",  # plain http on the loopback
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TRACKER_API_ANON_RATE": "1000000/minute",
        "TRACKER_LOGIN_FAILURE_LIMIT": "1000",
    }
    if args.redis:
        env["DJANGO_REDIS_URL"] = args.redis
    readers = max(1, args.connections * 3 // 4)
    officials = max(1, (args.connections - readers) * 3 // 4)
    reviewers = max(1, args.connections - readers - officials)
    print(
        f"setting up {args.database}: {readers} readers, {officials} officials, "
        f"{reviewers} reviewers, {args.workers} workers, {args.duration} s",
        flush=True,
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_declaration", "-v0")
    manage(
        env,
        "shell",
        stdin=SETUP.format(officials=officials, reviewers=reviewers, password=PASSWORD),
    )
    references = json.loads(
        manage(
            env,
            "shell",
            "-c",
            "import json; from tracker.models import Commitment; "
            "print(json.dumps(list(Commitment.objects.order_by('position')"
            ".values_list('reference', flat=True))))",
        )
        .strip()
        .splitlines()[-1]
    )

    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "tracker.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            try:
                http.client.HTTPConnection(HOST, args.port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        stats = Stats()
        stop, draining = threading.Event(), threading.Event()
        threads = [
            threading.Thread(target=reader, args=(args.port, stats, stop)) for _ in range(readers)
        ]
        threads += [
            threading.Thread(
                target=official,
                args=(args.port, stats, stop, i, references[2 * i : 2 * i + 2]),
            )
            for i in range(officials)
        ]
        reviewer_stop = threading.Event()
        reviewer_threads = [
            threading.Thread(
                target=reviewer, args=(args.port, stats, reviewer_stop, i, reviewers, draining)
            )
            for i in range(reviewers)
        ]
        started = time.monotonic()
        for thread in threads + reviewer_threads:
            thread.start()
        memory = {}  # pid -> [(t, MiB)]
        killed = None
        while (elapsed := time.monotonic() - started) < args.duration:
            for pid in worker_pids(server.pid):
                value = rss_mib(pid)
                if value is not None:
                    memory.setdefault(pid, []).append((elapsed, value))
            if args.kill_worker and killed is None and elapsed >= args.duration / 2:
                killed = worker_pids(server.pid)[0]
                os.kill(killed, signal.SIGKILL)
                print(f"killed worker {killed} at {elapsed:.0f} s", flush=True)
            time.sleep(5)
        stop.set()
        for thread in threads:
            thread.join(timeout=40)
        draining.set()
        drain_deadline = time.monotonic() + 180
        for thread in reviewer_threads:
            thread.join(timeout=max(0, drain_deadline - time.monotonic()))
        reviewer_stop.set()
        for thread in reviewer_threads:
            thread.join(timeout=40)
        total = time.monotonic() - started
        workers_now = worker_pids(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    result = json.loads(manage(env, "shell", stdin=VERIFY).strip().splitlines()[-1])
    markers = Counter(result["markers"])
    duplicated = sorted(m for m, n in markers.items() if n > 1)
    lost = sorted(stats.submitted - set(markers))
    unknown_saved = len(stats.submit_unknown & set(markers))
    published_history = result["published_history"]
    lost_publishes = sorted(stats.published - set(published_history))
    double_published = sorted(u for u, n in published_history.items() if n != 1)
    latencies = sorted(stats.latencies)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(
        f"\nran {total:.0f} s, {len(latencies)} requests ({len(latencies) / total:.0f}/s), "
        f"latency median {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms"
    )
    print("responses:", dict(stats.counts))
    print(f"server errors (5xx): {len(stats.server_errors)} {stats.server_errors[:5]}")
    print(
        f"updates submitted (confirmed): {len(stats.submitted)}; in the database: "
        f"{sum(markers.values())}; cut requests that had saved: {unknown_saved} of "
        f"{len(stats.submit_unknown)}"
    )
    print(f"lost updates: {len(lost)}; duplicated updates: {len(duplicated)}")
    print(
        f"published (confirmed to a reviewer): {len(stats.published)}; states in the "
        f"database: {result['state_counts']}"
    )
    print(
        f"lost publishes: {len(lost_publishes)}; updates without exactly one 'published' "
        f"history entry: {len(double_published)}; commitments whose stored status differs "
        f"from their published updates: {result['drifted']}"
    )
    print(f"stored chart figures against a fresh count: {result['charts']}")
    print("worker memory (MiB, resident) after the first quarter -> end:")
    growth = []
    for pid, samples in sorted(memory.items()):
        settled = [v for t, v in samples if t >= args.duration / 4] or [samples[-1][1]]
        growth.append(settled[-1] - settled[0])
        print(
            f"  worker {pid}: {samples[0][1]:.1f} at start, {settled[0]:.1f} -> "
            f"{settled[-1]:.1f} (max {max(v for _, v in samples):.1f}), {len(samples)} samples"
            + (" [killed]" if pid == killed else "")
        )
    if args.kill_worker:
        print(
            f"workers at the end: {len(workers_now)} (killed {killed}, "
            f"replaced: {killed not in workers_now and len(workers_now) == args.workers})"
        )
    failed = (
        stats.server_errors
        or lost
        or duplicated
        or lost_publishes
        or double_published
        or result["drifted"]
        or result["charts"] == "wrong"
        or result["state_counts"]["submitted"]
        or (not args.kill_worker and stats.counts["cut"])
        or (args.kill_worker and len(workers_now) != args.workers)
    )
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
