#!/usr/bin/env bash
# `make run`: migrate, load the demo, start Redis if needed, one RQ worker, the scheduler, the
# Telegram poller and the web server.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
# A local development server, whatever a production .env says (real variables still win).
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export DJANGO_HTTPS="${DJANGO_HTTPS:-0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
PY=.venv/bin/python
HOST="${VARTA_HOST:-127.0.0.1}"
PORT="${VARTA_PORT:-8000}"

# Like runserver, reuse the address (a server just stopped leaves it in TIME_WAIT); a server
# still listening there makes the bind fail.
if ! "$PY" -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((sys.argv[1], int(sys.argv[2])))' \
    "$HOST" "$PORT" 2>/dev/null; then
  echo "ERROR: $HOST:$PORT is already in use. Stop what runs there, or choose another port: VARTA_PORT=8001 make run" >&2
  exit 1
fi

REDIS_URL="$(scripts/redis.sh ensure)"
export REDIS_URL
started_redis=""
[ -f var/redis-run/redis.pid ] && started_redis=1

pids=()
stopping=""
cleanup() {
  # Once, and not to be cut short: a second Ctrl-C while stopping is ignored, so Redis and
  # the worker are always stopped.
  [ -n "$stopping" ] && return
  stopping=1
  trap '' INT TERM
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do  # up to 10 s for a job in progress to finish
    alive=""
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$started_redis" ]; then scripts/redis.sh stop run; fi
}
trap cleanup INT TERM EXIT

$PY manage.py migrate --no-input -v0
$PY manage.py ensure_model
$PY manage.py load_demo --password "${VARTA_DEMO_PASSWORD:-varta-demo}"

$PY manage.py rqworker default intake platform --with-scheduler &
pids+=($!)
$PY manage.py run_scheduler config/cron.py --logging-level WARNING &
pids+=($!)
# Telegram updates by long polling, for groups whose bot is linked (none in the demo: it then
# only looks for linked groups every few seconds).
$PY manage.py telegram_poll &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
sleep 1
cat <<MSG

  Varta is running at http://$HOST:$PORT/   (Redis: $REDIS_URL)
  Demo logins (password: ${VARTA_DEMO_PASSWORD:-varta-demo}):
    owner      owns the group "Good Deeds"
    moderator  decides on reported posts
    viewer     sees the queue and reports, decides nothing
  Press Ctrl-C to stop the server, the worker, the scheduler, the Telegram poller$( [ -n "$started_redis" ] && echo " and Redis").

MSG
wait -n "${pids[@]}"
