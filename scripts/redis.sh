#!/usr/bin/env bash
# Redis for `make run` and `make test`.
#
#   scripts/redis.sh ensure          make sure $REDIS_URL answers, or start a private
#                                    redis-server under var/; prints the URL to use
#   scripts/redis.sh private NAME    always start a private redis-server on a free port
#                                    (for the test suite: never the user's data);
#                                    prints its URL
#   scripts/redis.sh stop NAME       stop the private server NAME, if we started it
set -euo pipefail
cd "$(dirname "$0")/.."
VAR="$PWD/var"
mkdir -p "$VAR"

say() { printf '%s\n' "$*" >&2; }

need_redis_server() {
  if command -v redis-server >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "redis-server is not installed; installing Debian's redis-server (you are root)..."
    if ! { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2; }; then
      say "ERROR: installing redis-server failed (see apt's messages above). Install it yourself, or set REDIS_URL to a Redis server that answers."
      exit 1
    fi
    return 0
  fi
  say "ERROR: Redis is needed. Install it (Debian/Ubuntu: 'sudo apt-get install redis-server'; macOS: 'brew install redis'), or set REDIS_URL to a Redis server that answers."
  exit 1
}

answers() {  # answers URL -> exit 0 when a PING gets PONG
  "$PWD/.venv/bin/python" - "$1" <<'PY' 2>/dev/null
import sys, redis
sys.exit(0 if redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping() else 1)
PY
}

free_port() {
  local py="$PWD/.venv/bin/python"
  [ -x "$py" ] || py="$(command -v python3.11 || command -v python3)"
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_private() {  # start_private NAME [PORT]
  local name="$1" port="${2:-}"
  need_redis_server
  local dir="$VAR/redis-$name"
  mkdir -p "$dir"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    port="$(cat "$dir/port")"
    if answers "redis://127.0.0.1:$port/0"; then echo "redis://127.0.0.1:$port/0"; return; fi
  fi
  [ -n "$port" ] || port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --daemonize yes >&2
  echo "$port" > "$dir/port"
  for _ in $(seq 1 50); do
    if answers "redis://127.0.0.1:$port/0"; then echo "redis://127.0.0.1:$port/0"; return; fi
    sleep 0.1
  done
  say "ERROR: the private redis-server did not start; see $dir/redis.log"
  exit 1
}

stop_private() {
  local dir="$VAR/redis-$1" pid
  if [ -f "$dir/redis.pid" ]; then
    pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    # Wait for it to exit: on its way out redis-server deletes its pid file, which by then
    # may be the pid file of the next server of this name (`make test` run again at once),
    # and that server would never be stopped.
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -f "$dir/redis.pid"
  fi
}

case "${1:-}" in
  ensure)
    url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
    if answers "$url"; then echo "$url"; exit 0; fi
    say "No Redis answers at $url; starting a private redis-server under var/."
    start_private run
    ;;
  private) start_private "${2:?name}" ;;
  stop) stop_private "${2:?name}" ;;
  *) say "usage: scripts/redis.sh ensure | private NAME | stop NAME"; exit 2 ;;
esac
