#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis servers the tests use are up (on this machine's kind
# they are started before a session; this starts them again if they stopped). Respects
# WARROOM_TEST_PG_URL / WARROOM_TEST_REDIS_URL: when set, those servers are used as they are.
set -uo pipefail
if [ -z "${WARROOM_TEST_PG_URL:-}" ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "services: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>&1 >&2 || true
    for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.2; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
fi
if [ -z "${WARROOM_TEST_REDIS_URL:-}" ]; then
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "services: starting Redis" >&2
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >&2 || true
    for _ in $(seq 1 50); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "services: Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
fi
