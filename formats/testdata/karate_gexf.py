"""Writes karate.gexf: Zachary's karate club (34 members, 78 weighted
friendships) as NetworkX itself writes GEXF (version 1.2draft, its default),
so that the GEXF reader is tested on a file from another tool.

    python3 karate_gexf.py   # NetworkX 3.x
"""
import networkx as nx

nx.write_gexf(nx.karate_club_graph(), "karate.gexf")
