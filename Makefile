# The two commands of the README, and the benchmark.
.PHONY: setup demo test bench lint

setup:
	./setup.sh

demo: setup
	.venv/bin/piwatch demo

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python -m bench

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
