# The two commands of the README, and the benchmark.
.PHONY: setup demo test bench lint constraints

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

# Move to the newest releases the project's requirements allow, pinned in constraints.txt (its
# comment lines kept); run `make test` before committing the new pins.
constraints: setup
	.venv/bin/pip install -q -U --upgrade-strategy eager -e ".[dev]"
	{ grep '^#' constraints.txt; .venv/bin/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
