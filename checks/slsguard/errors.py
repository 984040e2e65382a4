"""Errors that the CLI turns into one clear sentence on stderr and exit code 2."""


class SlsguardError(Exception):
    """A problem with the user's input or environment, explained in one sentence.

    The CLI prints ``str(error)`` without a traceback and exits with ``exit_code``.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
