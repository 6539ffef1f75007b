# Wengang — two commands: `make run` (set up and serve the portal on SQLite) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs on a date inside the notice's application windows (the clock is settable).
DEMO_TODAY ?= 2020-06-01

.PHONY: install run serve backup restore reliability migrate demo test lint typecheck pytest system-deps fonts-check bench bench-big bench-load bench-peers clean

$(VENV)/.installed: requirements/lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check uv
	$(UV) pip sync -q --compile-bytecode -p $(PY) requirements/lock.txt
	$(UV) pip install -q -p $(PY) --no-deps -e .
	touch $@

# The project's own bytecode too (the virtualenv's is compiled by uv): where PYTHONDONTWRITEBYTECODE
# is set, every start would otherwise compile the engine from source (~0.04 s CPU per process).
# compileall skips files whose .pyc is current, and Python ignores a .pyc older than its source.
install: $(VENV)/.installed
	@$(PY) -m compileall -q -j 0 wengang

fonts-check:
	@fc-list 2>/dev/null | grep -qi "Noto.*CJK" || echo "注意：未找到中文字体 fonts-noto-cjk，PDF 与截图中的中文将无法显示。安装：sudo apt-get install fonts-noto-cjk"

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	WENGANG_TODAY=$(DEMO_TODAY) $(PY) manage.py load_demo --base-url http://$(HOST):$(PORT)

run: demo fonts-check
	@echo ""
	@echo "  稳岗 Wengang 已就绪：打开 http://$(HOST):$(PORT)/  （政策计算器）；服务日期 $(DEMO_TODAY)"
	@echo "  参数一览：http://$(HOST):$(PORT)/parameters/"
	@echo "  命令行：$(VENV)/bin/wengang --help"
	@echo ""
	DEBUG=1 WENGANG_TODAY=$(DEMO_TODAY) $(PY) manage.py runserver $(HOST):$(PORT)

# As in production: gunicorn + WhiteNoise + Celery worker and beat on PostgreSQL and Redis (deploy/serve.sh).
serve: install
	bash deploy/serve.sh

# pg_dump (or SQLite copy) + uploaded files + manifest into var/backups/<time>/ (deploy/README.md)
backup: install
	$(PY) manage.py backup

# into an empty database and MEDIA_ROOT, then checked against the manifest
restore: install
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=var/backups/<时间> DATABASE_URL=postgres://…/新建空库 MEDIA_ROOT=空目录"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

# Fault tests on a private PostgreSQL cluster and redis-server (reliability/README.md); several minutes.
reliability: install
	$(VENV)/bin/pytest reliability -p no:xdist -p no:django -p no:cacheprovider -v

# Browser tests need Debian's Chromium and a CJK font; install them when missing (root only).
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto.*CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "warning: could not install chromium/fonts-noto-cjk"; \
	  else echo "warning: chromium or fonts-noto-cjk missing; run: sudo apt-get install chromium fonts-noto-cjk"; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	@if grep -rEn "^\s*(import django|from django)" wengang/policy --include=*.py; then \
	  echo "wengang/policy must not import Django"; exit 1; fi

typecheck: install
	$(VENV)/bin/mypy wengang

pytest: install
	$(PY) manage.py makemigrations --check --dry-run >/dev/null
	$(VENV)/bin/pytest -n 2

test: install system-deps lint typecheck pytest

bench: install
	$(PY) bench/screen_bench.py

bench-big: install
	$(PY) bench/screen_bench.py --big

# Load (bench/README.md, "Load"): `make serve` on port 8140 (LOAD_DATABASE_URL, Redis db 5), then Locust page by
# page at 50/100/200 req/s and flat out; stops everything it started. LOAD_ARGS="--baseline DIR" compares with
# another checkout measured step by step alongside; LOAD_ARGS="--pages calculator,jobs --seconds 5" for a quick look.
LOAD_ARGS ?=
bench-load: install
	uptime
	$(PY) bench/load/run.py $(LOAD_ARGS)
	uptime

# Side by side with the two peers of ../shared/peers (OpenFisca, a lean Polars pass), in their own
# virtualenv outside this tree (created once from their pinned requirements). ROWS=10000000 for 10M.
PEERS ?= ../shared/peers
PEERS_VENV ?= $(HOME)/.cache/wengang-peers/venv
ROWS ?= 1000000
REPS ?= 5
bench-peers: install
	test -x $(PEERS_VENV)/bin/python || ($(PYTHON) -m venv $(PEERS_VENV) && \
	  $(UV) pip install -q -p $(PEERS_VENV)/bin/python --compile-bytecode -r $(PEERS)/requirements.txt)
	uptime
	$(PEERS_VENV)/bin/python $(PEERS)/compare.py --wengang $(VENV)/bin/wengang --rows $(ROWS) --reps $(REPS)
	uptime

clean:
	rm -rf $(VENV) db.sqlite3 .mypy_cache .ruff_cache .pytest_cache
