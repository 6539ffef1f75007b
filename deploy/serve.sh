#!/usr/bin/env bash
# `make serve`: Wengang as in production, on this machine.
#   gunicorn (several workers, WhiteNoise static files) + Celery worker + Celery beat,
#   on PostgreSQL and Redis, DEBUG off, JSON logs. Ctrl-C (or any of the three dying) stops all three.
# Every setting can be given in the environment (deploy/env.example lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
PY=$VENV/bin/python
VAR=${VAR:-$ROOT/var}
mkdir -p "$VAR"
say() { printf '  %s\n' "$*"; }

export PRODUCTION=1 DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wengang}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
# the shared cache, on the same Redis, a database of its own: sessions (cached), sign-in throttling and
# rate limits shared by every worker; CACHE_URL= (empty) keeps them per process, sessions in PostgreSQL only
export CACHE_URL=${CACHE_URL-redis://127.0.0.1:6379/1}
export BIND=${BIND:-127.0.0.1:8000}
export WENGANG_TODAY=${WENGANG_TODAY:-2020-06-01}
export MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
export WEB_THREADS=${WEB_THREADS:-8}
export WENGANG_MAX_INFLIGHT=${WENGANG_MAX_INFLIGHT:-$((WEB_THREADS / 2))}
export DB_STATEMENT_TIMEOUT_MS=${DB_STATEMENT_TIMEOUT_MS:-30000}
export LOG_LEVEL=${LOG_LEVEL:-INFO} ACCESS_LOG_LEVEL=${ACCESS_LOG_LEVEL:-INFO}
if [ -z "${SECRET_KEY:-}" ]; then
  # a real deployment sets SECRET_KEY; here one is made once and kept (not in git)
  if [ ! -s "$VAR/secret_key" ]; then
    (umask 077; "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" > "$VAR/secret_key")
    say "已生成 SECRET_KEY：$VAR/secret_key"
  fi
  SECRET_KEY=$(cat "$VAR/secret_key"); export SECRET_KEY
fi

echo "稳岗 Wengang —— 生产方式运行（make serve）"

# PostgreSQL and Redis: use them when they answer, start them when they do not.
DB_HOST=$("$PY" -c "import os,urllib.parse as u; p=u.urlparse(os.environ['DATABASE_URL']); print(p.hostname or '127.0.0.1', p.port or 5432, u.unquote(p.path.lstrip('/')))")
read -r PGHOST_ PGPORT_ DBNAME <<<"$DB_HOST"
if pg_isready -q -h "$PGHOST_" -p "$PGPORT_"; then
  say "PostgreSQL 已在运行（$PGHOST_:$PGPORT_）"
else
  cluster=$(ls /etc/postgresql 2>/dev/null | head -n1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 50); do pg_isready -q -h "$PGHOST_" -p "$PGPORT_" && break; sleep 0.2; done
  say "已启动 PostgreSQL $cluster（$PGHOST_:$PGPORT_）"
fi
"$PY" - <<'PY'
import os, urllib.parse as u, psycopg
from psycopg import sql
p = u.urlparse(os.environ["DATABASE_URL"]); name = u.unquote(p.path.lstrip("/"))
with psycopg.connect(host=p.hostname, port=p.port or 5432, user=u.unquote(p.username or "postgres"),
                     password=u.unquote(p.password or "") or None, dbname="postgres", autocommit=True) as c:
    if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        c.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
        print(f"  已创建数据库 {name}")
PY
REDIS_HOSTPORT=$("$PY" -c "import os,urllib.parse as u; p=u.urlparse(os.environ['CELERY_BROKER_URL']); print(p.hostname or '127.0.0.1', p.port or 6379)")
read -r RHOST RPORT <<<"$REDIS_HOSTPORT"
if "$PY" -c "import redis,sys; redis.Redis(host='$RHOST', port=$RPORT, socket_connect_timeout=1).ping()" 2>/dev/null; then
  say "Redis 已在运行（$RHOST:$RPORT）"
else
  redis-server --bind 127.0.0.1 --port "$RPORT" --daemonize yes --dir "$VAR" --logfile "$VAR/redis.log" >/dev/null
  say "已启动 Redis（127.0.0.1:$RPORT，日志 $VAR/redis.log；退出时保持运行）"
fi

"$PY" manage.py migrate --noinput -v 0
say "数据库迁移已完成"
"$PY" manage.py collectstatic --noinput -v 0
say "静态文件已收集（带哈希文件名，gzip/brotli 压缩）"
if [ "$("$PY" manage.py shell --no-imports -v 0 -c 'from wengang.registry.models import Organisation; print(Organisation.objects.exists())')" = "False" ]; then
  say "数据库为空，载入演示数据……"
  "$PY" manage.py load_demo
fi

# Several gunicorn workers share their metrics through files in this folder.
export PROMETHEUS_MULTIPROC_DIR=$VAR/prometheus
rm -rf "$PROMETHEUS_MULTIPROC_DIR"; mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

pids=()
stop() {
  trap - EXIT INT TERM
  echo "正在停止……"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "已停止 gunicorn、Celery worker 与 Celery beat。"
}
trap stop EXIT INT TERM

"$VENV/bin/gunicorn" -c deploy/gunicorn.conf.py wengang.config.wsgi:application &
pids+=($!)
"$VENV/bin/celery" -A wengang.config.celery worker --concurrency "${CELERY_CONCURRENCY:-2}" --loglevel INFO \
  --hostname "wengang@%h" &
pids+=($!)
"$VENV/bin/celery" -A wengang.config.celery beat --loglevel INFO --schedule "$VAR/celerybeat-schedule" &
pids+=($!)

for _ in $(seq 100); do curl -fsS "http://$BIND/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
echo ""
say "已启动：gunicorn（${WEB_WORKERS:-3} 个进程 × $WEB_THREADS 线程）、Celery worker、Celery beat"
say "打开 http://$BIND/   就绪检查 http://$BIND/readyz   指标 http://$BIND/metrics（仅本机）"
say "按 Ctrl-C 停止"
echo ""
# Stop everything as soon as one of the three exits.
wait -n "${pids[@]}"
