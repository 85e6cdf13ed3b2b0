#!/usr/bin/env python3
"""References for the network measures: Freeman centralization, rich-club
coefficient, neighbourhood similarity, k shortest simple paths, max-flow and
min-cut between a pair, and ego networks, computed with NetworkX on the
reference graphs (the .graphml files reference.py writes).

    pip install networkx==3.6.1
    python3 analysis/testdata/measures.py   # from the repository root

Writes measures.golden.json with the call behind every value.
"""

import json
import math
import os
import random
import platform
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
GRAPHS = ["karate", "florentine", "lesmis", "davis", "gnp_directed"]


def load(name):
    return nx.read_graphml(os.path.join(HERE, name + ".graphml"))


def undirected(G):
    """G's undirected view without attributes (U)."""
    U = nx.Graph()
    U.add_nodes_from(G.nodes())
    U.add_edges_from(G.edges())
    return U


def freeman(values, star_sum):
    top = max(values)
    return sum(top - v for v in values) / star_sum


def centralization(U):
    n = len(U)
    return {
        # The star maximises each sum: n-2 for degree centrality, n-1 for
        # normalised betweenness, (n-1)(n-2)/(2n-3) for closeness.
        "degree": freeman(list(nx.degree_centrality(U).values()), n - 2),
        "betweenness": freeman(list(nx.betweenness_centrality(U).values()), n - 1),
        "closeness": freeman(list(nx.closeness_centrality(U).values()), (n - 1) * (n - 2) / (2 * n - 3)),
    }


CENTRALIZATION_CALLS = {
    "degree": "sum(max(c) - c_i) / (n - 2), c = nx.degree_centrality(U)",
    "betweenness": "sum(max(c) - c_i) / (n - 1), c = nx.betweenness_centrality(U)",
    "closeness": "sum(max(c) - c_i) / ((n - 1)(n - 2) / (2n - 3)), c = nx.closeness_centrality(U)",
}


def similarity(U):
    """Jaccard and cosine of every pair's neighbourhoods (open, the actors
    themselves left out), pairs sharing at least one neighbour."""
    out = {}
    nodes = sorted(U.nodes())
    for i, a in enumerate(nodes):
        na = set(U[a])
        for b in nodes[i + 1:]:
            nb = set(U[b])
            shared = len(na & nb)
            if shared == 0:
                continue
            (_, _, jac), = nx.jaccard_coefficient(U, [(a, b)])
            out[a + "|" + b] = {"shared": shared, "jaccard": jac, "cosine": shared / math.sqrt(len(na) * len(nb))}
    return out


def k_paths(G, s, t, k, weight=None):
    paths = []
    for p in nx.shortest_simple_paths(G, s, t, weight=weight):
        length = len(p) - 1 if weight is None else nx.path_weight(G, p, weight)
        paths.append({"actors": p, "length": length})
        if len(paths) == k:
            break
    return paths


def node_cut(G, s, t):
    """The node cut nx.minimum_cut finds (nearest t: its sink side is what
    reaches t in the residual network) on the split graph: nodes split in
    two (vA -> vB, capacity 1), ties of unbounded capacity. None when a tie runs from s
    to t."""
    if G.has_edge(s, t):
        return []
    H = nx.DiGraph()
    for v in G:
        H.add_edge((v, "A"), (v, "B"), capacity=1)
    for u, v in G.edges():
        H.add_edge((u, "B"), (v, "A"))
        if not G.is_directed():
            H.add_edge((v, "B"), (u, "A"))
    _, (S, _) = nx.minimum_cut(H, (s, "B"), (t, "A"))
    return sorted(v for v in G if (v, "A") in S and (v, "B") not in S)


def flow(G, s, t):
    cut = nx.minimum_edge_cut(G, s, t)
    return {
        "edge_paths": nx.edge_connectivity(G, s, t),
        "node_paths": nx.node_connectivity(G, s, t),
        "edge_cut": sorted(list(e) for e in cut),
        "node_cut": node_cut(G, s, t),
        "nx_node_cut": sorted(nx.minimum_node_cut(G, s, t)) if not (G.has_edge(s, t) or G.has_edge(t, s)) else [],
    }


def ego(U, v, radius):
    E = nx.ego_graph(U, v, radius=radius)
    deg = E.degree(v)
    es = nx.effective_size(E, nodes=[v])[v]
    return {
        "actors": E.number_of_nodes(),
        "ties": E.number_of_edges(),
        "density": nx.density(E),
        "effective_size": es,
        "efficiency": es / deg if deg else None,
        "constraint": nx.constraint(E, nodes=[v])[v] if deg else None,
        "brokerage_pairs": deg * (deg - 1) // 2 - nx.triangles(E, v),
        "ego_betweenness": nx.betweenness_centrality(nx.ego_graph(U, v, radius=1), normalized=False)[v],
    }


def dated_karate():
    """The karate club with a year each tie began and, for some, ended:
    random.Random(13) over the sorted edges, since 2010-2016 or undated,
    until since + 1-6 years for one tie in three."""
    K = undirected(load("karate"))
    rng = random.Random(13)
    D = nx.Graph()
    D.add_nodes_from(sorted(K.nodes()))
    for u, v in sorted(tuple(sorted(e)) for e in K.edges()):
        since = rng.choice([None, 2010, 2011, 2012, 2013, 2014, 2015, 2016])
        until = (since or 2010) + rng.randint(1, 6) if rng.random() < 1 / 3 else None
        attrs = {}
        if since is not None:
            attrs["since"] = str(since)
        if until is not None:
            attrs["until"] = str(until)
        D.add_edge(u, v, **attrs)
    return D


def at(D, year):
    """D's ties that hold in year, every node kept."""
    G = nx.Graph()
    G.add_nodes_from(D.nodes())
    for u, v, d in D.edges(data=True):
        if int(d.get("since", year)) <= year <= int(d.get("until", year)):
            G.add_edge(u, v)
    return G


def ranking(c, present):
    order = sorted(present, key=lambda n: (-c[n], n))
    return {n: i + 1 for i, n in enumerate(order)}


def change(D, a, b):
    A, B = at(D, a), at(D, b)
    ea = {tuple(sorted(e)) for e in A.edges()}
    eb = {tuple(sorted(e)) for e in B.edges()}
    pa = {n for n in A if A.degree(n) > 0}
    pb = {n for n in B if B.degree(n) > 0}
    out = {"from": str(a), "to": str(b), "gained": sorted(list(e) for e in eb - ea), "lost": sorted(list(e) for e in ea - eb),
           "entering": sorted(pb - pa), "leaving": sorted(pa - pb), "ranks": {}}
    for metric, f in (("DEGREE", nx.degree_centrality), ("BETWEENNESS", nx.betweenness_centrality)):
        ca, cb = f(A), f(B)
        ra, rb = ranking(ca, pa), ranking(cb, pb)
        out["ranks"][metric] = {n: {"from_rank": ra[n], "to_rank": rb[n], "from_value": ca[n], "to_value": cb[n]} for n in sorted(pa & pb)}
    return out


def clean(x):
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    return x


def main():
    out = {
        "generator": {"networkx": nx.__version__, "python": platform.python_version(), "script": "analysis/testdata/measures.py"},
        "calls": {
            "centralization": CENTRALIZATION_CALLS,
            "rich_club": "nx.rich_club_coefficient(U, normalized=False)  # U: the undirected view",
            "similarity": "nx.jaccard_coefficient(U, [(a, b)]); cosine |N(a) & N(b)| / sqrt(|N(a)| |N(b)|)",
            "k_paths": "nx.shortest_simple_paths(G, s, t, weight=w), the first k",
            "flow": "nx.edge_connectivity(G, s, t), nx.node_connectivity(G, s, t), nx.minimum_edge_cut(G, s, t); node_cut: nx.minimum_cut on the split graph (ties unbounded)",
            "change": "G_A, G_B: the dated karate club's ties holding in years A and B (since <= year <= until), every node kept; gained eB - eA, lost eA - eB; present: degree > 0; ranks by nx.degree_centrality / nx.betweenness_centrality, highest first, equal values by ID, among the present",
            "two_mode": "B = nx.davis_southern_women_graph(); nx.bipartite.weighted_projected_graph(B, women)",
            "ego": "E = nx.ego_graph(U, v, radius); nx.density(E), nx.effective_size(E)[v], efficiency effective_size / degree, nx.constraint(E)[v], brokerage_pairs C(deg, 2) - nx.triangles(E, v), ego_betweenness nx.betweenness_centrality(nx.ego_graph(U, v, 1), normalized=False)[v]",
        },
        "centralization": {},
        "rich_club": {},
        "similarity": {},
        "k_paths": {},
        "flow": {},
        "ego": {},
    }
    for name in GRAPHS:
        G = load(name)
        U = undirected(G)
        out["centralization"][name] = centralization(U)
        out["rich_club"][name] = {str(k): v for k, v in nx.rich_club_coefficient(U, normalized=False).items()}
    for name in ["karate", "florentine"]:
        out["similarity"][name] = similarity(undirected(load(name)))

    K = undirected(load("karate"))
    D = load("gnp_directed")
    L = load("lesmis")
    out["k_paths"] = {
        "karate 0 33": {"graph": "karate", "from": "0", "to": "33", "k": 25, "paths": k_paths(K, "0", "33", 25)},
        "karate 16 25": {"graph": "karate", "from": "16", "to": "25", "k": 20, "paths": k_paths(K, "16", "25", 20)},
        "gnp_directed n00 n07 directed": {"graph": "gnp_directed", "from": "n00", "to": "n07", "k": 15, "directed": True,
                                          "paths": k_paths(undirected_digraph(D), "n00", "n07", 15)},
        "lesmis Valjean Javert weighted": {"graph": "lesmis", "from": "Valjean", "to": "Javert", "k": 12, "weight": "DISTANCE",
                                           "paths": k_paths(L, "Valjean", "Javert", 12, weight="weight")},
    }
    for s, t in [("0", "33"), ("16", "25"), ("0", "1"), ("4", "30"), ("11", "33")]:
        out["flow"]["karate %s %s" % (s, t)] = {"graph": "karate", "from": s, "to": t} | flow(K, s, t)
    DD = undirected_digraph(D)
    for s, t in [("n00", "n07"), ("n10", "n42"), ("n05", "n33")]:
        if nx.has_path(DD, s, t):
            out["flow"]["gnp_directed %s %s directed" % (s, t)] = {"graph": "gnp_directed", "from": s, "to": t, "directed": True} | flow(DD, s, t)
    for v in ["0", "33", "5", "11"]:
        for r in [1, 2, 3]:
            out["ego"]["karate %s %d" % (v, r)] = {"graph": "karate", "actor": v, "radius": r} | {k: clean(x) for k, x in ego(K, v, r).items()}
    for v in ["Valjean", "Myriel"]:
        out["ego"]["lesmis %s 1" % v] = {"graph": "lesmis", "actor": v, "radius": 1} | {k: clean(x) for k, x in ego(undirected(L), v, 1).items()}
    B = nx.davis_southern_women_graph()
    women = sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == 0)
    P = nx.bipartite.weighted_projected_graph(B, women)
    out["two_mode"] = {
        "links": sorted([w, e] for w in women for e in B[w]),
        "projection": sorted([*sorted([u, v]), d["weight"]] for u, v, d in P.edges(data=True)),
    }
    D = dated_karate()
    nx.write_graphml(D, os.path.join(HERE, "karate_dated.graphml"))
    out["change"] = {"graphml": "karate_dated.graphml",
                     "ties": sorted([u, v, d.get("since"), d.get("until")] for u, v, d in D.edges(data=True)),
                     "pairs": [change(D, 2012, 2016), change(D, 2010, 2013)]}
    with open(os.path.join(HERE, "measures.golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


def undirected_digraph(D):
    """D's arcs without attributes."""
    H = nx.DiGraph()
    H.add_nodes_from(D.nodes())
    H.add_edges_from(D.edges())
    return H


if __name__ == "__main__":
    main()
