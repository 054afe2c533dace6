"""``python -m cchc``: the command line (see :mod:`cchc.apps.cli`)."""

from cchc.apps.cli import main

if __name__ == "__main__":
    main()
