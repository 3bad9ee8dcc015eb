"""`python -m desktop`: the `dateline` program (desktop/launcher.py)."""

from desktop.launcher import main

if __name__ == "__main__":
    main(prog_name="dateline")
