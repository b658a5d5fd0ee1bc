# The README's two commands are `make demo` and `make test`.
.PHONY: demo setup test lint bench

demo: setup
	.venv/bin/python manage.py runserver 127.0.0.1:8000

setup:
	bin/setup

test:
	SKIP_DEMO=1 bin/setup
	.venv/bin/pytest -n 2 --dist loadgroup

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python manage.py makemigrations --check --dry-run

bench:
	.venv/bin/python -m tests.bench.run
