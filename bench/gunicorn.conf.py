"""gunicorn settings for the load benchmark (bench/load.py); the same shape suits production,
behind a reverse proxy that buffers slow clients (as sync workers need).

One single-threaded sync worker per core the process may run on. Pages are CPU-bound Python;
threads in one process take turns on its interpreter lock, so at 8 connections 3 workers of 4
threads gave a p95 of 179 ms on the commitments table and 4 workers of 1 thread 79 ms (10 s
runs, caches off, 10 000 commitments). Nor more processes than cores: on two cores, with
PostgreSQL and the load generator on the same cores, 2 workers served a quarter more requests
per second than 4 in the median of the pages (12 s runs at 8 and 32 connections, interleaved:
1.01 to 1.56 times; 6 workers served fewer than 4), and the p95 at 8 connections of every
public page fell from 70-94 ms to 47-77 ms (30 s runs, 2026-12-04, bench/README.md, ninth
round). A page waits on PostgreSQL for a small part of its time, and PostgreSQL's own work
fills those waits; more processes, it seems, only take turns on the cores and their caches.
Where pages wait longer (a remote database), raise GUNICORN_WORKERS.
Sync workers, not gthread: a gthread worker keeps each keep-alive connection it accepts, so
one busy worker could hold most of the connections while another sat idle, and the slowest
requests waited behind it (at 8 connections, p95 of 83 to 133 ms with gthread against 38 to
74 ms with sync workers, on the same pages and data, 2026-12-03). A sync worker takes one
request per connection, and whichever worker is free takes the next. Override with
GUNICORN_WORKERS / GUNICORN_THREADS / GUNICORN_WORKER_CLASS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8791")
workers = int(os.environ.get("GUNICORN_WORKERS", "0")) or len(os.sched_getaffinity(0))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
backlog = 2048
keepalive = 5  # gthread only; sync workers close each connection after its response
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
