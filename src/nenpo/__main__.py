"""`python -m nenpo`."""

from nenpo.cli import run

run()
