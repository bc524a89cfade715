"""HTTP plumbing shared by every front door: errors, auth dependencies, request ids, metrics."""
