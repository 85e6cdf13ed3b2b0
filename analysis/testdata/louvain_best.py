#!/usr/bin/env python3
"""The Louvain bar for the analysis package: NetworkX's best of 20 seeded runs.

For each undirected reference graph (read back from its committed GraphML, so
it is the very graph the Go tests load) and each weight mode, this runs
nx.community.louvain_communities with seeds 0..19 and records the modularity
of each run and the best. The Go test requires analysis.Louvain to reach at
least that best minus 0.01.

    pip install networkx==3.6.1
    python3 analysis/testdata/louvain_best.py   # from the repository root
"""

import json
import os
import platform
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
GRAPHS = ["karate", "lesmis", "florentine", "davis"]
SEEDS = range(20)


def main():
    out = {
        "generator": {"networkx": nx.__version__, "python": platform.python_version(), "script": "analysis/testdata/louvain_best.py"},
        "call": "max(nx.community.modularity(G, c, weight=w) for c in (nx.community.louvain_communities(G, weight=w, seed=s) for s in range(20)))",
        "graphs": {},
    }
    for name in GRAPHS:
        G = nx.read_graphml(os.path.join(HERE, name + ".graphml"))
        weighted = any("weight" in d for _, _, d in G.edges(data=True))
        modes = {"NONE": None}
        if weighted:
            modes["STRENGTH"] = "weight"
        out["graphs"][name] = {}
        for mode, w in modes.items():
            runs = []
            for s in SEEDS:
                c = nx.community.louvain_communities(G, weight=w, seed=s)
                runs.append(nx.community.modularity(G, c, weight=w))
            out["graphs"][name][mode] = {"best": max(runs), "runs": runs}
    with open(os.path.join(HERE, "louvain_best.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
