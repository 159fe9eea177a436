"""gunicorn settings for the load benchmark (bench/load.py); the same shape suits production,
behind a reverse proxy that buffers slow clients (as sync workers need).

Two cores: four single-threaded sync worker processes. Pages are CPU-bound Python; threads in
one process take turns on its interpreter lock, so at 8 connections 3 workers of 4 threads gave
a p95 of 179 ms on the commitments table and 4 workers of 1 thread 79 ms (10 s runs, caches
off, 10 000 commitments).

How many processes is a trade (bench/README.md, ninth round, 2026-12-04, two cores shared with
PostgreSQL, Redis and the load generator). Pages rendered afresh are served faster by 2 workers,
one per core: a quarter more requests per second than 4 in the median (interleaved runs; 6
fewer than 4), and a p95 at 8 connections of 47 to 77 ms against 70 to 94 ms. Pages served from
the cache lose, relative to the constant response, though why is not clear (a cached page
spends most of its extra time in the Redis round trip, and waits on Redis only briefly).
In full runs the cached pages served 0.44 to 0.64 times the constant response's requests per
second with 2 workers, under the 0.5 the benchmark asks, and 0.52 to 0.73 with 4 (interleaved
short runs: 0.50 to 0.68 against 0.51 to 0.75). So 4, which met both; GUNICORN_WORKERS=2 (one per
core) suits a site whose readers mostly miss the cache (signed-in users, frequent
publications), more where pages wait longer on a remote database.

Sync workers, not gthread: a gthread worker keeps each keep-alive connection it accepts, so
one busy worker could hold most of the connections while another sat idle, and the slowest
requests waited behind it (at 8 connections, p95 of 83 to 133 ms with gthread against 38 to
74 ms with sync workers, on the same pages and data, 2026-12-03). A sync worker takes one
request per connection, and whichever worker is free takes the next.

Without keep-alive (GUNICORN_KEEPALIVE=0), 2 gthread workers of 2 threads still put the p95
at 1.7 to 2 times the p50, against 1.2 to 1.3 times with sync workers (presumably as each
worker's main thread accepts connections for its threads while the other worker may be idle):
299 to 627 ms at 32 connections on three of the slowest pages, against 259 to 335 ms with
4 sync workers (interleaved, two runs each, 2026-12-04, tenth round). 3 sync workers, in one
run: a p95 at 32 connections of 259 to 289 ms against 260 to 335 ms with 4, but a cached page
at 0.49 of the constant response. Override with GUNICORN_WORKERS / GUNICORN_THREADS /
GUNICORN_WORKER_CLASS / GUNICORN_KEEPALIVE.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8791")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
backlog = 2048
# gthread only: sync workers close each connection after its response.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
