from poa.cli import run

run()
