"""gunicorn settings for one app server: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Each can be changed from the environment, as systemd's unit or `make stack` do:
PORTAL_BIND (where nginx reaches this server), WEB_CONCURRENCY (worker processes).
"""

import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")

# Sync workers, one request each: every view is short and database-bound. The usual
# 2 × cores + 1 keeps the cores busy while some workers wait on PostgreSQL. Each worker
# holds a small connection pool of its own: workers × servers must stay well under
# PostgreSQL's max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# The slowest requests (a patient's data export, a sign-in's argon2 hash on a busy server,
# a desk week's list) finish within seconds; a worker silent for 60 s is stuck and replaced.
# nginx waits longer (proxy_read_timeout 75s), so it reports a 504, not a dropped connection.
timeout = 60
# On SIGTERM or SIGHUP a worker finishes the request in hand, up to this long.
graceful_timeout = 30
keepalive = 5

# Workers are replaced now and then (one at a time, thanks to the jitter), so a slow leak
# never grows into an outage.
max_requests = 2000
max_requests_jitter = 200

# Not preloaded: each worker imports the app itself, so no database connection or Redis
# client made in the master is ever shared by forked workers, and `kill -HUP` (systemctl
# reload: new settings) replaces workers one by one. A new release is not a reload: restart
# the app servers one at a time (README, "Deploying"), nginx sends the others the traffic.
preload_app = False

# The portal writes one JSON line per request itself (portal/observability.py, with the
# request id and the user); gunicorn's own log carries only its errors and worker restarts.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The X-Forwarded-* headers are the app's business (ProxyFix, TRUSTED_PROXIES): gunicorn
# must not also believe them, or a visitor could claim https with TRUSTED_PROXIES=0.
forwarded_allow_ips = ""
proc_name = "sthira-portal"
# Two app servers on one host would share the default control socket ($HOME/.gunicorn), one
# taking it over from the other; the portal manages them with systemd signals instead.
control_socket_disable = True
