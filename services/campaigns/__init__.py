"""Routing campaigns: push members toward a new store or channel and measure the uplift."""
