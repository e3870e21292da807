"""gunicorn settings for `make serve` / `make run`; every value can be overridden from the environment.

One worker per core (one request at a time each): the work per request is CPU-bound engine and database work
that never waits on the network, so more workers than cores only add context switches and memory; measured on
2 cores, 2 workers gave +31 % throughput at 4 clients over 4 workers, and a lower p95 (docs/performance.md).
The app writes one JSON log line per request with its request id (service/http/ops.py); gunicorn's own access
log is off unless ACCESS_LOG is set, and then it is JSON without the query string (which never carries secrets
here, but stays out of logs anyway).
"""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(8, multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # a worker stuck longer is killed and replaced
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# Recycle workers now and then (0 = never); jitter so they do not all restart at once.
max_requests = int(os.environ.get("MAX_REQUESTS", 0))
max_requests_jitter = 50
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "vanban"

accesslog = os.environ.get("ACCESS_LOG") or None
access_log_format = ('{"ts":"%(t)s","event":"access","method":"%(m)s","path":"%(U)s","status":%(s)s,'
                     '"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s","remote":"%(h)s"}')
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn ≥ 25 opens a control socket at one fixed path per user; two instances on one host would
# fight over it. Off unless GUNICORN_CONTROL_SOCKET names a path for this instance.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
