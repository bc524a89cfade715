"""OR-Library p-median instances (Beasley): the graph file to a distance matrix.

Every node is a demand point of weight one and a candidate site; distance is the
shortest path. Duplicate edges exist in the files and the last one wins (the proven
optima were computed that way).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import shortest_path

from services.siting.engine.pmedian import FloatArray


@dataclass(frozen=True)
class PMedianInstance:
    name: str
    k: int
    dist: FloatArray


def read_instance(path: Path) -> PMedianInstance:
    tokens = path.read_text().split()
    n, m, k = int(tokens[0]), int(tokens[1]), int(tokens[2])
    edges: dict[tuple[int, int], float] = {}
    for e in range(m):
        i, j, length = tokens[3 + 3 * e : 6 + 3 * e]
        a, b = sorted((int(i) - 1, int(j) - 1))
        edges[(a, b)] = float(length)  # the last occurrence wins
    rows = np.fromiter((a for a, _ in edges), dtype=np.int64, count=len(edges))
    cols = np.fromiter((b for _, b in edges), dtype=np.int64, count=len(edges))
    cost = np.fromiter(edges.values(), dtype=np.float64, count=len(edges))
    graph = coo_matrix((cost, (rows, cols)), shape=(n, n)).tocsr()
    dist = shortest_path(graph, method="D", directed=False)
    return PMedianInstance(path.stem, k, dist)


def read_optima(path: Path) -> dict[str, float]:
    optima: dict[str, float] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].startswith("pmed"):
            optima[parts[0]] = float(parts[1])
    return optima
