"""The siting algorithms: pure functions of arrays (no database, no clock, no network).

``geo`` measures on the sphere, ``demand`` folds member locations into cells, ``pmedian``
and ``coverage`` choose sites, ``huff`` shares demand between stores.
"""
