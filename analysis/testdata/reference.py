#!/usr/bin/env python3
"""Reference values for the analysis package, computed with NetworkX.

For each public graph this writes <name>.graphml (the graph the Go tests load)
and <name>.golden.json (the values, with the exact call behind each metric).

    pip install networkx==3.6.1
    python3 analysis/testdata/reference.py   # from the repository root

Only NetworkX's pure-Python code paths are used (no numpy/scipy), so the
numbers do not depend on a linear-algebra backend.
"""

import json
import math
import os
import platform
import random
import sys

# Set iteration order (and so the order NetworkX sums some floats in) depends
# on string hashing: fix it so that reruns give identical files.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import networkx as nx
from networkx.algorithms.link_analysis.hits_alg import _hits_python
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["UN_ENTITY", "REGIONAL_ORGANIZATION", "CIVIL_SOCIETY"]


def karate():
    G = nx.karate_club_graph()
    G = nx.relabel_nodes(G, {n: str(n) for n in G})
    for n, d in G.nodes(data=True):
        d["kind"] = "UN_ENTITY" if d.pop("club") == "Mr. Hi" else "CIVIL_SOCIETY"
    return G


def lesmis():
    return nx.les_miserables_graph()


def florentine():
    return nx.florentine_families_graph()


def davis():
    B = nx.davis_southern_women_graph()
    women = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    return nx.bipartite.weighted_projected_graph(B, women)


def gnp_directed():
    G = nx.gnp_random_graph(60, 0.08, seed=1, directed=True)
    G = nx.relabel_nodes(G, {n: "n%02d" % n for n in G})
    rng = random.Random(7)
    for u, v in sorted(G.edges()):
        G[u][v]["weight"] = float(rng.randint(1, 5))
    return G


GRAPHS = {
    "karate": (karate, "nx.karate_club_graph(), nodes relabelled str(n), kind from 'club'"),
    "lesmis": (lesmis, "nx.les_miserables_graph()"),
    "florentine": (florentine, "nx.florentine_families_graph() (unweighted)"),
    "davis": (davis, "nx.bipartite.weighted_projected_graph(nx.davis_southern_women_graph(), women)"),
    "gnp_directed": (gnp_directed, "nx.gnp_random_graph(60, 0.08, seed=1, directed=True), nodes 'n%02d', weight random.Random(7).randint(1, 5) per sorted edge"),
}


def prepare(G):
    """Gives every node a kind (unless it has one) and every edge a weight."""
    for i, n in enumerate(sorted(G.nodes())):
        G.nodes[n].setdefault("kind", KINDS[i % len(KINDS)])
        for k in list(G.nodes[n]):
            if k != "kind":
                del G.nodes[n][k]
    weighted = all("weight" in d for _, _, d in G.edges(data=True))
    for u, v, d in G.edges(data=True):
        d["weight"] = float(d.get("weight", 1.0))
        d["inv"] = 1.0 / d["weight"]
    return weighted


def clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def metrics(G, weighted):
    """Returns {metric: (call, {node: value})}."""
    U = G.to_undirected() if G.is_directed() else G
    m = {}

    def add(name, call, f):
        m[name] = (call, {n: clean(float(v)) for n, v in f().items()})

    add("degree_centrality", "nx.degree_centrality(G)", lambda: nx.degree_centrality(G))
    if G.is_directed():
        add("in_degree_centrality", "nx.in_degree_centrality(G)", lambda: nx.in_degree_centrality(G))
        add("out_degree_centrality", "nx.out_degree_centrality(G)", lambda: nx.out_degree_centrality(G))
    add("betweenness", "nx.betweenness_centrality(G)", lambda: nx.betweenness_centrality(G))
    add("betweenness_raw", "nx.betweenness_centrality(G, normalized=False)", lambda: nx.betweenness_centrality(G, normalized=False))
    add("betweenness_endpoints", "nx.betweenness_centrality(G, endpoints=True)", lambda: nx.betweenness_centrality(G, endpoints=True))
    add("closeness", "nx.closeness_centrality(G)", lambda: nx.closeness_centrality(G))
    add("harmonic", "nx.harmonic_centrality(G)", lambda: nx.harmonic_centrality(G))
    add("eigenvector_tight", "nx.eigenvector_centrality(G, max_iter=10000, tol=1e-12)",
        lambda: nx.eigenvector_centrality(G, max_iter=10000, tol=1e-12))
    add("pagerank", "_pagerank_python(G, weight=None)", lambda: _pagerank_python(G, weight=None))
    add("pagerank_tight", "_pagerank_python(G, weight=None, max_iter=10000, tol=1e-12)",
        lambda: _pagerank_python(G, weight=None, max_iter=10000, tol=1e-12))
    # HITS and Katz on the unweighted graph (W: G's nodes and edges, no attributes).
    W = G.__class__()
    W.add_nodes_from(G.nodes())
    W.add_edges_from(G.edges())
    hubs, auths = _hits_python(W, max_iter=10000, tol=1e-14)
    m["hits_hub"] = ("_hits_python(W, max_iter=10000, tol=1e-14)[0]  # W: G without edge attributes", {n: float(v) for n, v in hubs.items()})
    m["hits_authority"] = ("_hits_python(W, max_iter=10000, tol=1e-14)[1]", {n: float(v) for n, v in auths.items()})
    try:
        add("katz", "nx.katz_centrality(G, max_iter=100000, tol=1e-14)",
            lambda: nx.katz_centrality(G, max_iter=100000, tol=1e-14))
    except nx.PowerIterationFailedConvergence:
        pass  # alpha 0.1 is above 1/lambda_max on this graph
    add("constraint", "nx.constraint(G)", lambda: nx.constraint(G))
    add("effective_size", "nx.effective_size(G)", lambda: nx.effective_size(G))
    add("clustering", "nx.clustering(U)  # U = G.to_undirected() when directed", lambda: nx.clustering(U))
    add("core_number", "nx.core_number(U)", lambda: nx.core_number(U))
    if weighted:
        add("w_degree_strength", "dict(G.degree(weight='weight'))", lambda: dict(G.degree(weight="weight")))
        for mode, attr in (("weight_as_distance", "weight"), ("inv_weight_distance", "inv")):
            add("w_betweenness_" + mode, "nx.betweenness_centrality(G, weight=%r)  # inv = 1/weight" % attr,
                lambda: nx.betweenness_centrality(G, weight=attr))
            add("w_closeness_" + mode, "nx.closeness_centrality(G, distance=%r)" % attr,
                lambda: nx.closeness_centrality(G, distance=attr))
            add("w_harmonic_" + mode, "nx.harmonic_centrality(G, distance=%r)" % attr,
                lambda: nx.harmonic_centrality(G, distance=attr))
        add("w_eigenvector_tight", "nx.eigenvector_centrality(G, weight='weight', max_iter=10000, tol=1e-12)",
            lambda: nx.eigenvector_centrality(G, weight="weight", max_iter=10000, tol=1e-12))
        add("w_pagerank_tight", "_pagerank_python(G, weight='weight', max_iter=10000, tol=1e-12)",
            lambda: _pagerank_python(G, weight="weight", max_iter=10000, tol=1e-12))
        add("w_constraint", "nx.constraint(G, weight='weight')", lambda: nx.constraint(G, weight="weight"))
        add("w_effective_size", "nx.effective_size(G, weight='weight')", lambda: nx.effective_size(G, weight="weight"))
    return m


def graph_level(G):
    U = G.to_undirected() if G.is_directed() else G
    dist = dict(nx.all_pairs_shortest_path_length(G))
    out = {
        "density": ("nx.density(G)", nx.density(G)),
        "transitivity": ("nx.transitivity(U)", nx.transitivity(U)),
        "average_clustering": ("nx.average_clustering(U)", nx.average_clustering(U)),
        "articulation_points": ("sorted(nx.articulation_points(U))", sorted(nx.articulation_points(U))),
        "bridges": ("sorted(sorted(e) for e in nx.bridges(U))", sorted(sorted(e) for e in nx.bridges(U))),
        "triangles": ("nx.triangles(U)", nx.triangles(U)),
        "components": ("nx.number_connected_components(U)", nx.number_connected_components(U)),
        "diameter": ("max(d for row in nx.all_pairs_shortest_path_length(G) for d in row.values())",
                     max(d for row in dist.values() for d in row.values())),
        "kind_assortativity": ("nx.attribute_assortativity_coefficient(G, 'kind')",
                               clean(nx.attribute_assortativity_coefficient(G, "kind"))),
    }
    if not G.is_directed():
        # Node order decides label numbers and colouring ties: use the
        # sorted order the Go projection uses.
        S = nx.Graph()
        S.add_nodes_from(sorted(G.nodes()))
        S.add_edges_from(sorted(tuple(sorted(e)) for e in G.edges()))
        lpa = sorted(sorted(c) for c in nx.community.label_propagation_communities(S))
        out["label_propagation"] = ("sorted(sorted(c) for c in nx.community.label_propagation_communities(S))  # S: G with nodes and edges added in sorted order", lpa)
    if G.is_directed():
        out["reciprocity"] = ("nx.reciprocity(G)", nx.reciprocity(G))
    else:
        dc = nx.degree_centrality(G)
        top = max(dc.values())
        out["degree_centralization"] = ("sum(max(c) - c_i for c = nx.degree_centrality(G)) / (n - 2)  # Freeman",
                                        sum(top - c for c in dc.values()) / (len(G) - 2))
    if G.is_directed():
        out["strong_components"] = ("nx.number_strongly_connected_components(G)",
                                    nx.number_strongly_connected_components(G))
    return out


def main():
    for name, (make, how) in GRAPHS.items():
        G = make()
        weighted = prepare(G)
        H = G.copy()
        H.graph.clear()
        for _, _, d in H.edges(data=True):
            del d["inv"]
        nx.write_graphml(H, os.path.join(HERE, name + ".graphml"))
        ms = metrics(G, weighted)
        by_node = {str(n): {k: v[str(n)] if str(n) in v else v[n] for k, (_, v) in ms.items()} for n in G}
        gl = graph_level(G)
        doc = {
            "graph": name,
            "generator": {"networkx": nx.__version__, "python": platform.python_version(), "script": "analysis/testdata/reference.py"},
            "meta": {"built_by": how, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                     "directed": G.is_directed(), "weighted": weighted, "graphml": name + ".graphml"},
            "calls": {k: c for k, (c, _) in ms.items()} | {k: c for k, (c, _) in gl.items()},
            "graph_level": {k: v for k, (_, v) in gl.items()},
            "by_node": by_node,
        }
        with open(os.path.join(HERE, name + ".golden.json"), "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        print(name, G.number_of_nodes(), "nodes", G.number_of_edges(), "edges")


if __name__ == "__main__":
    main()
