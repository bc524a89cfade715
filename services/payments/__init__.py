"""Payments: gateway interface, Stripe and offline gateways, webhook intake and de-duplication."""
