"""Members: mini-program accounts, profile, consented location, points."""
