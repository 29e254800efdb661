"""``python -m newsbrief`` runs the command-line interface."""

from newsbrief.cli import main

main()
