# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/lms
APT_PACKAGES := ffmpeg chromium fonts-nanum gettext
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite bench install messages system-deps services worker demo migrate clean help

help:
	@echo "make run   - 설치·마이그레이션·데모 데이터·워커·서버(http://$(HOST):$(PORT))"
	@echo "make test  - 테스트에 필요한 것을 설치하고 전체 테스트 실행 (PostgreSQL)"
	@echo "make bench - 벤치마크 실행, 결과는 docs/benchmarks.md"

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed messages

# The project's Korean messages (locale/, completing Wagtail's): compiled, never committed.
MESSAGE_CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
messages: $(MESSAGE_CATALOGUES)

locale/%.mo: locale/%.po | system-deps
	msgfmt --check -o $@ $<

# Debian packages the pipeline, the browser tests and msgfmt (gettext) need; installed only when missing.
system-deps:
	@missing=""; for pkg in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Debian 패키지 설치:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# PostgreSQL and Redis run on every developer machine and in CI; start them if they are down.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --if-empty

worker: install
	$(PY) manage.py run_worker

run: install system-deps migrate
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py print_demo_logins
	@echo "작업 워커를 시작합니다 (로그: var/worker.log)"
	@mkdir -p var
	@$(PY) manage.py run_worker > var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps services
	DJANGO_SETTINGS_MODULE=lms.settings.test DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

test-sqlite: install
	DJANGO_SETTINGS_MODULE=lms.settings.test DATABASE_URL=sqlite:///var/test.sqlite3 $(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

bench: install system-deps services
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) node_modules staticfiles var $(MESSAGE_CATALOGUES)
