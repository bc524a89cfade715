"""Insights: the manager's wall, kept as daily rollups fed by outbox events."""
