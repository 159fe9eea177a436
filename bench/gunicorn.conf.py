"""gunicorn settings for the load benchmark (bench/load.py); the same shape suits production,
behind a reverse proxy that buffers slow clients (as sync workers need).

Two cores: four single-threaded sync worker processes. Pages are CPU-bound Python; threads in
one process take turns on its interpreter lock, so at 8 connections 3 workers of 4 threads gave
a p95 of 179 ms on the commitments table and 4 workers of 1 thread 79 ms (10 s runs, caches
off, 10 000 commitments). Sync workers, not gthread: a gthread worker keeps each keep-alive
connection it accepts, so one busy worker could hold most of the connections while another
sat idle, and the slowest requests waited behind it (at 8 connections, p95 of 83 to 133 ms
with gthread against 38 to 74 ms with sync workers, on the same pages and data, 2026-12-03).
A sync worker takes one request per connection, and whichever worker is free takes the next.
Two processes per core still keep both busy while one waits on PostgreSQL. Override with
GUNICORN_WORKERS / GUNICORN_THREADS / GUNICORN_WORKER_CLASS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8791")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
backlog = 2048
keepalive = 5  # gthread only; sync workers close each connection after its response
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
