"""Stores: regions, stores (location, hours, pickup settings, status), guides, staff."""
