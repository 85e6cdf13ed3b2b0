"""Writes karate.graphml: Zachary's karate club (34 members, 78 weighted
friendships) as NetworkX itself writes GraphML, so that the reader is tested
on a file from another tool.

    python3 karate.py   # NetworkX 3.x
"""
import networkx as nx

nx.write_graphml(nx.karate_club_graph(), "karate.graphml")
