"""Entry point of the standalone app (PyInstaller runs this file as the program `dateline`)."""

import multiprocessing

from desktop.launcher import main

if __name__ == "__main__":
    # `dateline suggest --processes N` starts workers; a frozen program must let them through.
    multiprocessing.freeze_support()
    main(prog_name="dateline")
