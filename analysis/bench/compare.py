#!/usr/bin/env python3
"""Betweenness on one Barabasi-Albert graph: NetworkX, python-igraph and Go.

Generates nx.barabasi_albert_graph(n, m, seed), writes it as an edge list
that every engine reads, times exact betweenness in each, and prints a table.

    pip install networkx==3.6.1 igraph
    python3 analysis/bench/compare.py            # from the repository root
    python3 analysis/bench/compare.py --skip-networkx   # NetworkX takes minutes

The Go numbers come from `go test -bench BenchmarkBetweennessBA5000` run with
PEACEGRAPH_BENCH_EDGES pointing at the same file.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import networkx as nx


def timed(f, repeat=1):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--m", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--benchtime", default="5x")
    args = ap.parse_args()

    G = nx.barabasi_albert_graph(args.n, args.m, seed=args.seed)
    edges = sorted(G.edges())
    fd, path = tempfile.mkstemp(prefix="ba_%d_%d_" % (args.n, args.m), suffix=".edgelist")
    with os.fdopen(fd, "w") as f:
        for u, v in edges:
            f.write("%d %d\n" % (u, v))
    print("graph: Barabasi-Albert n=%d m=%d seed=%d, %d edges, file %s" % (args.n, args.m, args.seed, len(edges), path))

    rows = []
    ref = None
    if not args.skip_networkx:
        H = nx.read_edgelist(path, nodetype=int)
        secs, ref = timed(lambda: nx.betweenness_centrality(H))
        rows.append(("NetworkX %s betweenness_centrality" % nx.__version__, 1, secs))

    try:
        import igraph as ig

        with open(path) as f:
            el = [tuple(map(int, line.split())) for line in f]
        g = ig.Graph(n=args.n, edges=el, directed=False)
        secs, raw = timed(lambda: g.betweenness(directed=False), repeat=3)
        rows.append(("python-igraph %s betweenness" % ig.__version__, 1, secs))
        if ref is not None:
            scale = 2 / ((args.n - 1) * (args.n - 2))
            diff = max(abs(raw[i] * scale - ref[i]) for i in range(args.n))
            print("igraph vs NetworkX: max |difference| = %.3g" % diff)
    except ImportError:
        print("python-igraph not installed: pip install igraph", file=sys.stderr)

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PEACEGRAPH_BENCH_EDGES=path)
    out = subprocess.run(
        ["go", "test", "-run", "xxx", "-bench", "BenchmarkBetweennessBA5000$", "-benchtime", args.benchtime, "./analysis/"],
        cwd=root, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout, out.stderr, file=sys.stderr)
        sys.exit(1)
    for line in out.stdout.splitlines():
        m = re.match(r"BenchmarkBetweennessBA5000/workers=(\d+)\S*\s+\d+\s+(\d+) ns/op(?:\s+(\d+) cpu-ns/op)?", line)
        if m:
            rows.append(("Go analysis.Betweenness", int(m.group(1)), int(m.group(2)) / 1e9))

    base = rows[0][2] if not args.skip_networkx else None
    print()
    print("| engine | workers | seconds | vs NetworkX |")
    print("|---|---:|---:|---:|")
    for name, workers, secs in rows:
        speed = "%.0fx" % (base / secs) if base else "-"
        print("| %s | %d | %.3f | %s |" % (name, workers, secs, speed))
    os.remove(path)


if __name__ == "__main__":
    main()
