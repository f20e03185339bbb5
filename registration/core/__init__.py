"""Shared foundations: configuration, extensions, the database transaction, i18n, HTTP."""
