#!/bin/sh
# The official redis image's start-up: /data owned by redis, the server as redis, and no
# protected mode (other containers connect without a password on the private network).
set -eu
if [ "$1" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  shift
  exec redis-server --protected-mode no "$@"
fi
exec "$@"
