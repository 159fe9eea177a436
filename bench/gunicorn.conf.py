"""gunicorn settings for the load benchmark (bench/load.py); the same shape suits production.

Two cores: three worker processes with four threads each keep both cores busy while some
threads wait on PostgreSQL or Redis. Override with GUNICORN_WORKERS / GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8791")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
backlog = 2048
keepalive = 5
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
