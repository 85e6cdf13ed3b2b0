#!/usr/bin/env python3
"""Converged PageRank and eigenvector references on a large directed graph.

NetworkX's default stopping rule (L1 change below n x 1e-6, at most 100
iterations) stops after a handful of iterations on a graph this size, far
from the fixed point. This writes the graph and the converged values the Go
tests compare the defaults with:

    pip install networkx==3.6.1 igraph==1.0.0
    python3 analysis/testdata/converged.py   # from the repository root

converged_directed.edges.gz   one arc "u v" per line (node ids n00000...)
converged_directed.golden.json.gz
    meta: the generator call, sizes, each reference's call and iterations,
          and how far igraph's PRPACK (a direct solver) is from NetworkX's
    by_node: {id: {metric: value}}

Only NetworkX's pure-Python code paths are used for the values, so they do
not depend on a linear-algebra backend; igraph is an independent check.
"""

import gzip
import json
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

HERE = os.path.dirname(os.path.abspath(__file__))
N, SEED = 20000, 13
TOL_L1 = 1e-13  # stop when the L1 change of an iteration is below this


def graph():
    M = nx.scale_free_graph(N, seed=SEED)
    G = nx.DiGraph()
    G.add_nodes_from(M.nodes())
    G.add_edges_from((u, v) for u, v in M.edges() if u != v)
    return nx.relabel_nodes(G, {n: "n%05d" % n for n in G})


def counted(f):
    """Runs f(max_iter) with growing caps to find how many iterations it took."""
    lo, hi = 1, 1
    while True:
        try:
            f(hi)
            break
        except nx.PowerIterationFailedConvergence:
            lo, hi = hi + 1, hi * 2
    while lo < hi:
        mid = (lo + hi) // 2
        try:
            f(mid)
            hi = mid
        except nx.PowerIterationFailedConvergence:
            lo = mid + 1
    return lo


def main():
    G = graph()
    n = G.number_of_nodes()
    tol = TOL_L1 / n
    refs = {
        "pagerank_converged": ("_pagerank_python(G, weight=None, max_iter=100000, tol=1e-13/n)",
                               lambda it=100000: _pagerank_python(G, weight=None, max_iter=it, tol=tol)),
        "pagerank_nx_default": ("_pagerank_python(G, weight=None)",
                                lambda it=100: _pagerank_python(G, weight=None, max_iter=it)),
        "eigenvector_converged": ("nx.eigenvector_centrality(G, max_iter=100000, tol=1e-13/n)",
                                  lambda it=100000: nx.eigenvector_centrality(G, max_iter=it, tol=tol)),
        "eigenvector_nx_default": ("nx.eigenvector_centrality(G)",
                                   lambda it=100: nx.eigenvector_centrality(G, max_iter=it)),
    }
    by_node = {v: {} for v in G}
    meta = {
        "graph": "nx.scale_free_graph(%d, seed=%d) as a DiGraph without self-loops, nodes 'n%%05d'" % (N, SEED),
        "nodes": n, "arcs": G.number_of_edges(), "networkx": nx.__version__, "calls": {}, "iterations": {},
    }
    for name, (call, f) in refs.items():
        values = f()
        meta["calls"][name] = call
        meta["iterations"][name] = counted(lambda it: f(it))
        for v, x in values.items():
            by_node[v][name] = x
        print(name, meta["iterations"][name], "iterations", file=sys.stderr)
    try:
        import igraph as ig
        H = ig.Graph(directed=True)
        H.add_vertices(sorted(G))
        H.add_edges(list(G.edges()))
        pr = H.pagerank(implementation="prpack")
        meta["igraph"] = ig.__version__
        meta["prpack_max_abs_diff_from_pagerank_converged"] = max(
            abs(pr[i] - by_node[name]["pagerank_converged"]) for i, name in enumerate(H.vs["name"]))
    except ImportError:
        pass
    with gzip.GzipFile(os.path.join(HERE, "converged_directed.edges.gz"), "wb", mtime=0) as f:
        f.write("".join("%s %s\n" % e for e in sorted(G.edges())).encode())
    with gzip.GzipFile(os.path.join(HERE, "converged_directed.golden.json.gz"), "wb", mtime=0) as f:
        f.write(json.dumps({"meta": meta, "by_node": by_node}, sort_keys=True).encode())


if __name__ == "__main__":
    main()
