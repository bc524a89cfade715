"""Notifications: channels (mini-program subscribe message, SMS, tablet push), templates, log."""
