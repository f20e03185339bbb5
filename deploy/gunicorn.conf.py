"""gunicorn's configuration for Påmelding: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Personal links are secrets: the access log records the path without the token
(``/pamelding/<token>``) and without the values of searches (``?q=<redacted>``); see
registration/privacy/redact.py. Workers, threads and the address can still be given on the
command line (``--workers 4 --bind 127.0.0.1:8000``), which wins over this file.
"""

# The access log, to stdout (the service manager keeps it), with tokens redacted.
logger_class = "registration.privacy.redact.GunicornLogger"
accesslog = "-"
# The combined format plus the time taken; the request line and referer are redacted.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
errorlog = "-"
worker_class = "gthread"
workers = 4
threads = 1
bind = "127.0.0.1:8000"
timeout = 60
