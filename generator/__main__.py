"""``python -m generator`` runs the same command line as ``lif``."""

from generator.cli import main

main()
