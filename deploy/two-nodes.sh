#!/usr/bin/env bash
# Two Recordings nodes behind nginx, sharing one PostgreSQL database and one cold directory: the README's "Scaling
# out" example, run as is by tests/Recordings.Tests/ScaleOut/TwoNodesBehindProxyTests.cs.
#
#   POSTGRES="Host=db;Database=recordings;Username=recordings;Password=…" COLD_DIRECTORY=/mnt/recordings-cold \
#     deploy/two-nodes.sh start      # both nodes and the proxy up, each answering /healthz; prints the proxy's URL
#   deploy/two-nodes.sh stop         # the proxy and both nodes stopped (SIGTERM: requests in flight finish)
#
# Settings (environment variables):
#   POSTGRES         the nodes' ConnectionStrings:Postgres (one empty or Recordings database; required for start)
#   COLD_DIRECTORY   the nodes' Storage:ColdDirectory: one directory every node mounts (required for start)
#   SERVER           the server: the published binary (default ./Web) or Recordings.Web.dll (run with dotnet)
#   NODE_PORTS       the nodes' ports on 127.0.0.1 (default "5001 5002")
#   PROXY_LISTEN     where nginx listens (default 0.0.0.0:8080)
#   PUBLIC_URL       the address browsers and SDKs use (default http://127.0.0.1:<PROXY_LISTEN's port>)
#   STATE_DIRECTORY  each node's data directory, logs and pid, nginx.conf and nginx's logs (default ./scale-out)
set -euo pipefail

state=$(mkdir -p "${STATE_DIRECTORY:-./scale-out}" && cd "${STATE_DIRECTORY:-./scale-out}" && pwd)
# nginx's workers (run as nobody when it is started as root) write large request bodies under it; the nodes keep
# their data directories private themselves.
chmod 755 "$state"
ports=(${NODE_PORTS:-5001 5002})
listen=${PROXY_LISTEN:-0.0.0.0:8080}
nginx=$(command -v nginx || echo /usr/sbin/nginx)

stop() {
  if [[ -f "$state/nginx.pid" ]]; then
    "$nginx" -p "$state" -c "$state/nginx.conf" -s quit 2>/dev/null || true
  fi
  for port in "${ports[@]}"; do
    local pidfile="$state/node-$port.pid"
    [[ -f "$pidfile" ]] || continue
    local pid
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    # The server stops its jobs and finishes requests in flight on SIGTERM; then its pid file goes.
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"
  done
  for _ in $(seq 1 100); do [[ -f "$state/nginx.pid" ]] || break; sleep 0.1; done
}

wait_for() { # URL SECONDS: polls until the URL answers 200
  for _ in $(seq 1 $(($2 * 5))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "two-nodes.sh: $1 did not answer within $2 s" >&2
  return 1
}

start() {
  : "${POSTGRES:?set POSTGRES to the PostgreSQL connection string of the nodes}"
  : "${COLD_DIRECTORY:?set COLD_DIRECTORY to the directory every node mounts}"
  local server=${SERVER:-./Web}
  local run=("$server")
  [[ "$server" == *.dll ]] && run=(dotnet "$server")
  mkdir -p "$COLD_DIRECTORY"
  for port in "${ports[@]}"; do
    # Identical nodes: the same settings but for the port and the (otherwise empty) data directory.
    Database__Provider=Postgres \
    ConnectionStrings__Postgres="$POSTGRES" \
    Storage__ColdDirectory="$COLD_DIRECTORY" \
    ForwardedHeaders__KnownProxies=127.0.0.1 \
    PublicUrl="${PUBLIC_URL:-http://127.0.0.1:${listen##*:}}" \
      nohup "${run[@]}" --urls "http://127.0.0.1:$port" --DataDirectory "$state/node-$port" \
      >"$state/node-$port.log" 2>&1 </dev/null &
    echo $! >"$state/node-$port.pid"
  done
  for port in "${ports[@]}"; do wait_for "http://127.0.0.1:$port/healthz" 120; done

  local upstreams=""
  for port in "${ports[@]}"; do upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'; done
  mkdir -p "$state/nginx"
  cat >"$state/nginx.conf" <<CONF
pid $state/nginx.pid;
error_log $state/nginx-error.log;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log $state/nginx-access.log;
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  fastcgi_temp_path $state/nginx/fastcgi;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  # The SDK's batches and posthog-js's requests (the server refuses what is over its own limits with 413).
  client_max_body_size 64m;
  client_body_buffer_size 1m;
  upstream recordings {
$upstreams    keepalive 16;
  }
  server {
    listen $listen;
    location / {
      proxy_pass http://recordings;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # A node that refuses connections (stopped, killed) is skipped; a POST it has already received is not sent
      # again (nginx's rule for non-idempotent requests).
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      # Which node answered: handy while watching a rollout.
      add_header X-Recordings-Node \$upstream_addr always;
    }
  }
}
CONF
  "$nginx" -p "$state" -c "$state/nginx.conf"
  wait_for "http://127.0.0.1:${listen##*:}/healthz" 30
  echo "http://127.0.0.1:${listen##*:}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop (see the comment at the top)" >&2; exit 2 ;;
esac
