"""Domain sub-services that are not top-level packages, and the shared platform."""
