#!/bin/sh
# Entrypoint of the Innkeep image. One image, several processes:
#
#   web [gunicorn args]      wait for PostgreSQL + Redis, migrate*, then gunicorn
#   worker [celery args]     wait, migrate*, then the Celery worker
#   beat [celery args]       wait, migrate*, then Celery beat (exactly one in a deployment)
#   migrate                  wait, migrate, write beat's schedule, exit (the one-shot
#                            `migrate` service of docker-compose.prod.yml)
#   manage <command> [args]  the `innkeep` command (manage.py), e.g. `manage createsuperuser`
#   <anything else>          run as given (`sh`, `python`, ...)
#
# * when MIGRATE_ON_START=true (the default): public schema, every hotel with django-tenants'
#   multiprocessing executor, then the hotel template, then `setup_periodic_tasks`; under a
#   PostgreSQL advisory lock, and quick when nothing is pending (docker/bootstrap.py).
set -eu

APP_DIR="${APP_DIR:-/app}"
role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

# The healthcheck (docker/healthcheck.py) checks what this container runs.
echo "$role" > "${INNKEEP_ROLE_FILE:-/tmp/innkeep-role}" 2>/dev/null || true

wait_for_services() {
  python "$APP_DIR/docker/bootstrap.py" wait
}

migrate_if_asked() {
  if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    python "$APP_DIR/docker/bootstrap.py" migrate
  fi
}

case "$role" in
  web)
    wait_for_services
    migrate_if_asked
    exec gunicorn --config "$APP_DIR/docker/gunicorn.conf.py" innkeep.wsgi:application "$@"
    ;;
  worker)
    wait_for_services
    migrate_if_asked
    exec celery --app innkeep worker \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" \
      --max-tasks-per-child "${CELERY_MAX_TASKS_PER_CHILD:-500}" \
      ${CELERY_QUEUES:+--queues "$CELERY_QUEUES"} \
      "$@"
    ;;
  beat)
    wait_for_services
    migrate_if_asked
    exec celery --app innkeep beat \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler \
      --pidfile /tmp/celerybeat.pid \
      "$@"
    ;;
  migrate)
    wait_for_services
    exec python "$APP_DIR/docker/bootstrap.py" migrate
    ;;
  manage)
    exec innkeep "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
