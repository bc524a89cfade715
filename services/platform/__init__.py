"""Platform: settings, database and unit of work, outbox, Celery, auth, embedded runtime."""
