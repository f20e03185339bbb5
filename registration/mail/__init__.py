"""E-mail: the outbox, delivery by the worker, calendar invites, and the admins' mailbox."""
