#!/usr/bin/env python3
"""Triad census references: nx.triadic_census on the directed reference graph
and on the karate club as a directed graph (each edge both ways).

    pip install networkx==3.6.1
    python3 analysis/testdata/triads.py   # from the repository root
"""

import json
import os

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    out = {"networkx": nx.__version__, "census": {}, "calls": {}}
    G = nx.read_graphml(os.path.join(HERE, "gnp_directed.graphml"))
    out["census"]["gnp_directed"] = nx.triadic_census(G)
    out["calls"]["gnp_directed"] = "nx.triadic_census(nx.read_graphml('gnp_directed.graphml'))"
    K = nx.read_graphml(os.path.join(HERE, "karate.graphml")).to_directed()
    out["census"]["karate"] = nx.triadic_census(K)
    out["calls"]["karate"] = "nx.triadic_census(nx.read_graphml('karate.graphml').to_directed())"
    with open(os.path.join(HERE, "triads.golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
