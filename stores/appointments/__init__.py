"""Guided-sales appointments: services offered, guides' schedules, slots and bookings."""
