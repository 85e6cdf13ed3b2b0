#!/usr/bin/env python3
"""Reference link-prediction scores for analysis.SuggestPartnerships, by NetworkX.

For each public graph this writes linkpred_<name>.json: the edges, a kind per
node, and for every pair without an edge that shares at least one neighbour
the values of nx.adamic_adar_index, nx.resource_allocation_index and the
number of nx.common_neighbors.

    pip install networkx==3.6.1
    python3 analysis/testdata/gaps/reference_linkpred.py   # from the repository root
"""

import json
import os
import platform

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def karate():
    G = nx.karate_club_graph()
    G = nx.relabel_nodes(G, {n: "k%02d" % n for n in G})
    kinds = {n: ("UN_ENTITY" if d["club"] == "Mr. Hi" else "CIVIL_SOCIETY") for n, d in G.nodes(data=True)}
    return nx.Graph(G.edges()), kinds


def florentine():
    G = nx.florentine_families_graph()
    kinds = {n: ("REGIONAL_ORGANIZATION" if i % 3 == 0 else "CIVIL_SOCIETY") for i, n in enumerate(sorted(G))}
    return G, kinds


def lesmis():
    G = nx.les_miserables_graph()
    G = nx.relabel_nodes(G, {n: n.replace(" ", "_") for n in G})
    kinds = {n: ("UN_ENTITY" if i % 4 == 0 else "GOVERNMENT") for i, n in enumerate(sorted(G))}
    return nx.Graph(G.edges()), kinds


def main():
    for name, make in [("karate", karate), ("florentine", florentine), ("lesmis", lesmis)]:
        G, kinds = make()
        nodes = sorted(G)
        pairs = []
        for i, u in enumerate(nodes):
            for v in nodes[i + 1:]:
                if not G.has_edge(u, v) and len(list(nx.common_neighbors(G, u, v))) > 0:
                    pairs.append((u, v))
        aa = {(u, v): p for u, v, p in nx.adamic_adar_index(G, pairs)}
        ra = {(u, v): p for u, v, p in nx.resource_allocation_index(G, pairs)}
        out = {
            "graph": name,
            "networkx": nx.__version__,
            "python": platform.python_version(),
            "calls": {
                "ADAMIC_ADAR": "nx.adamic_adar_index(G, pairs)",
                "RESOURCE_ALLOCATION": "nx.resource_allocation_index(G, pairs)",
                "COMMON_NEIGHBOURS": "len(list(nx.common_neighbors(G, u, v)))",
            },
            "kinds": {n: kinds[n] for n in nodes},
            "edges": sorted([sorted([u, v]) for u, v in G.edges()]),
            "pairs": [
                {
                    "a": u,
                    "b": v,
                    "ADAMIC_ADAR": aa[(u, v)],
                    "RESOURCE_ALLOCATION": ra[(u, v)],
                    "COMMON_NEIGHBOURS": len(list(nx.common_neighbors(G, u, v))),
                }
                for u, v in pairs
            ],
        }
        with open(os.path.join(HERE, "linkpred_%s.json" % name), "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
