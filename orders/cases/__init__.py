"""Service cases: apologies, returns, exchanges and complaints, each step kept as history."""
