"""Siting: where the next store goes, what it takes from the stores we have, and campaigns
that route members to it. The algorithms live in ``engine`` and touch no database."""
