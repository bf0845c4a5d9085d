"""`python -m clean`: the same command line as the `clean` script."""

from clean.cli import main

main()
