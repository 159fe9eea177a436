"""gunicorn settings for the load benchmark (bench/load.py); the same shape suits production.

Two cores: four single-threaded worker processes. Pages are CPU-bound Python; threads in one
process take turns on its interpreter lock, so at 8 connections 3 workers of 4 threads gave a
p95 of 179 ms on the commitments table and 4 workers of 1 thread 79 ms (10 s runs, caches off,
10 000 commitments). Two processes per core still keep both busy while one waits on
PostgreSQL. Override with GUNICORN_WORKERS / GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8791")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread"
backlog = 2048
keepalive = 5
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
