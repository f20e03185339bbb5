"""Privacy: what happens to personal data after it is no longer needed.

``anonymise``: clear one registration's personal data, keeping what statistics need.
``retention``: the worker's step that deletes diet answers after the event, anonymises
registrations after ``RETENTION_MONTHS`` and purges sent e-mails after
``OUTBOX_RETENTION_DAYS``. ``figures``: the yearly figures, which anonymisation leaves as
they were.
"""
