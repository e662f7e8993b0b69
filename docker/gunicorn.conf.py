"""gunicorn settings for the `web` process (docker/entrypoint.sh web), behind nginx.

Every value can be changed from the environment; the end-to-end test in tests/ops runs
gunicorn with this file too.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Processes x threads: 2 x 4 suits a container limited to one CPU and 1 GiB; scale out with
# more containers rather than more workers per container.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"  # keeps nginx's upstream connections alive between requests
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 75  # longer than nginx keeps idle upstream connections (60 s), so nginx closes first
# Recycle workers now and then: a slow leak never takes a container down. Not too often:
# a new worker starts without the copies of hotels, catalogues, prices and rooms left that
# answer searches from memory (innkeep.core.versioned_cache), and reads them again.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on the container's (possibly read-only) disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Import the app once in the master: workers fork with Django loaded (faster, less memory).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"

# The app writes one JSON line per request (innkeep.core.logging); gunicorn's access log
# would repeat it. gunicorn's own messages go out as JSON too in production.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            }
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
