import logging


class WithoutTraceback(logging.Filter):
    """Keeps a record's message and drops its traceback: for errors that any client can cause
    and that say all there is in one line (a bad Host header)."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
