"""Gunicorn settings for Kyoso: `gunicorn -c deploy/gunicorn.conf.py kyoso.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("KYOSO_BIND", "127.0.0.1:8000")
# Sync workers: Kyoso's pages are short database reads; CPU-heavy work runs in `kyoso worker`.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("KYOSO_THREADS", "2"))
timeout = 60
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never grow past the memory budget.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
