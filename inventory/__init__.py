"""Inventory: one catalog for every channel, stock per location (stores and warehouses)."""
