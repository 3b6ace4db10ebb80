"""The one error type users see: a message that names the place and the fix."""


class PoaError(Exception):
    """A user mistake or an unusable input; the CLI prints it on one line and exits 2."""

    exit_code = 2
