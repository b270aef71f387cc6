"""The server log stays readable: a request the site refused on purpose is one line."""

import logging


class RequestFormatter(logging.Formatter):
    """Leaves out the traceback of a 4xx answer (a PermissionDenied, a DisallowedHost, a BadRequest):
    the message already says what was refused. A 500 keeps its traceback."""

    def format(self, record):
        if record.exc_info and getattr(record, "status_code", 500) < 500:
            record = logging.makeLogRecord(record.__dict__ | {"exc_info": None, "exc_text": None})
        return super().format(record)
