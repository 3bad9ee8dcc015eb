"""The one root of the errors the core reports to a person: `DatelineError`.

Every refusal the core raises (a project file it cannot use, an edit the rules refuse, a file it
cannot import, a schema it cannot read, a suggestion or training run that failed) is one of
these, and its message is one line for the analyst: what is wrong and where (the file and line,
the document, the span), in words that fit the window and the command line alike. An interface
catches `DatelineError` and shows the message as it is.
"""

from __future__ import annotations


class DatelineError(Exception):
    """A refusal or failure the core explains in one line (see the module docstring)."""
