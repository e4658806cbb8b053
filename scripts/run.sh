#!/usr/bin/env bash
# `make run`: migrate, load the demo, start Redis if needed, one RQ worker and the web server.
# Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
PY=.venv/bin/python
HOST="${VARTA_HOST:-127.0.0.1}"
PORT="${VARTA_PORT:-8000}"

REDIS_URL="$(scripts/redis.sh ensure)"
export REDIS_URL
started_redis=""
[ -f var/redis-run/redis.pid ] && started_redis=1

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$started_redis" ]; then scripts/redis.sh stop run; fi
}
trap cleanup INT TERM EXIT

$PY manage.py migrate --no-input -v0
$PY manage.py ensure_model
$PY manage.py load_demo --password "${VARTA_DEMO_PASSWORD:-varta-demo}"

$PY manage.py rqworker default platform --with-scheduler &
pids+=($!)
$PY manage.py rqcron config/cron.py --logging-level WARNING &
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
  Press Ctrl-C to stop the server, the worker$( [ -n "$started_redis" ] && echo " and Redis").

MSG
wait -n "${pids[@]}"
