"""Touchpoints: QR placements (door, shelf, card, poster, package, campaign), scans, attribution."""
