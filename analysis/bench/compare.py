#!/usr/bin/env python3
"""Betweenness on one Barabasi-Albert graph: NetworkX, python-igraph, Neo4j GDS and Go.

Generates nx.barabasi_albert_graph(n, m, seed), writes it as an edge list
that every engine reads, times exact betweenness in each, and prints a table.

    pip install networkx==3.6.1 igraph neo4j
    python3 analysis/bench/compare.py            # from the repository root
    python3 analysis/bench/compare.py --skip-networkx   # NetworkX takes minutes

    tools/neo4j/neo4j.sh start 7692              # a server of its own: the database is wiped
    python3 analysis/bench/compare.py --gds-uri bolt://127.0.0.1:7692
    tools/neo4j/neo4j.sh stop 7692

The Go numbers come from `go test -bench BenchmarkBetweennessBA5000` run with
PEACEGRAPH_BENCH_EDGES pointing at the same file.

    pip install networkit
    python3 analysis/bench/compare.py --closeness     # BA n=100,000 m=3: top 10 and sampled
    python3 analysis/bench/compare.py --louvain       # BA n=200,001 m=5: 1,000,000 ties

With --closeness the graph is nx.barabasi_albert_graph(100000, 3) (--n and --m change it) and
the script times networkit's TopCloseness and TopHarmonicCloseness (k=10) and ApproxCloseness
(1,000 samples) beside the Go benchmark BenchmarkTopCloseness100k on the same file, in wall
and CPU seconds, and checks that networkit's top 10 are the Go exact top 10 (same actors).

With --louvain the graph is nx.barabasi_albert_graph(200001, 5) (1,000,000 edges) and the
script times networkit's PLM (its defaults, and with refine=True), igraph's
community_multilevel and the Go benchmark BenchmarkLouvain1MTies/default on the same file, with
the modularity each reaches (NetworkX's definition, resolution 1, in every engine).

With --scaling the script writes nx.barabasi_albert_graph(n, 3, 42) for n = 5,000, 20,000 and
50,000 and times exact unweighted betweenness on each in igraph and in the Go benchmark
BenchmarkBetweennessScaling (one worker each) on the same files, in CPU seconds, with each size
against the 5k figure scaled by n*m (the work of Brandes' algorithm). With --weighted it writes
BA n=20,000 m=3 with integer weights 1 to 10 (random.Random(42)) and times weighted betweenness
(weights as distances) in igraph and BenchmarkBetweennessWeighted20k, and fails unless the Go
values agree with igraph's to 1e-6 relative. --repeat runs either several rounds.

    python3 analysis/bench/compare.py --scaling
    python3 analysis/bench/compare.py --weighted

With --gds-uri the same edge list is loaded into Neo4j (the database is
cleared first), projected as an undirected GDS graph, and
gds.betweenness.stream (exact: no samplingSize) is timed at each concurrency
in --gds-concurrency. Load, projection and compute are timed separately; the
compute time is the wall time of the stream call with every row consumed.
GDS returns raw undirected betweenness; the script finds the factor between
it and the raw reference (NetworkX normalized=False, or igraph, which count
each unordered pair once) and fails unless every node agrees to 1e-6
relative. The user is neo4j; the password is NEO4J_PASSWORD (default
peacegraph-dev).
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


GDS_LABEL = "BenchNode"
GDS_TYPE = "BENCH_EDGE"
GDS_GRAPH = "bench-ba"


def relclose(got, want, rtol=1e-6):
    """relclose reports the largest absolute and relative differences of two lists and whether
    every pair agrees to rtol relative (absolute rtol where the reference is below 1)."""
    worst_abs = max(abs(g - w) for g, w in zip(got, want))
    worst_rel = max(abs(g - w) / max(abs(w), 1.0) for g, w in zip(got, want))
    return worst_abs, worst_rel, worst_rel <= rtol


def gds_run(args, path, n):
    """gds_run loads the edge list into the Neo4j at args.gds_uri, projects it undirected and
    times exact betweenness (and PageRank) in GDS. It returns a dict of timings, versions and
    per-node values indexed by the edge list's node numbers."""
    from neo4j import GraphDatabase

    with open(path) as f:
        edges = [list(map(int, line.split())) for line in f]
    password = os.environ.get("NEO4J_PASSWORD", "peacegraph-dev")
    driver = GraphDatabase.driver(args.gds_uri, auth=(args.gds_user, password),
                                  notifications_min_severity="OFF")
    out = {"betweenness": [], "pagerank": None}
    try:
        with driver.session() as s:
            info = {r["key"]: r["value"] for r in s.run(
                "CALL gds.debug.sysInfo() YIELD key, value "
                "WHERE key IN ['gdsVersion', 'gdsEdition', 'neo4jVersion', 'availableCPUs'] "
                "RETURN key, value")}
            out["info"] = info

            # Clear the database and any projection left by an earlier run.
            s.run("CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName", g=GDS_GRAPH).consume()
            s.run("MATCH (x) CALL (x) { DETACH DELETE x } IN TRANSACTIONS OF 10000 ROWS").consume()
            s.run("CREATE CONSTRAINT bench_node_id IF NOT EXISTS FOR (x:%s) REQUIRE x.id IS UNIQUE" % GDS_LABEL).consume()
            s.run("CALL db.awaitIndexes()").consume()

            t = time.perf_counter()
            s.run("UNWIND range(0, $n - 1) AS i CREATE (:%s {id: i})" % GDS_LABEL, n=n).consume()
            for i in range(0, len(edges), args.gds_batch):
                s.run("UNWIND $batch AS e "
                      "MATCH (a:%s {id: e[0]}), (b:%s {id: e[1]}) "
                      "CREATE (a)-[:%s]->(b)" % (GDS_LABEL, GDS_LABEL, GDS_TYPE),
                      batch=edges[i:i + args.gds_batch]).consume()
            out["load"] = time.perf_counter() - t
            got = s.run("MATCH (:%s)-[r:%s]->() RETURN count(r) AS c" % (GDS_LABEL, GDS_TYPE)).single()["c"]
            if got != len(edges):
                raise SystemExit("GDS: loaded %d relationships, want %d" % (got, len(edges)))

            t = time.perf_counter()
            rec = s.run("CALL gds.graph.project($g, $label, {%s: {orientation: 'UNDIRECTED'}}) "
                        "YIELD nodeCount, relationshipCount RETURN nodeCount, relationshipCount" % GDS_TYPE,
                        g=GDS_GRAPH, label=GDS_LABEL).single()
            out["project"] = time.perf_counter() - t
            out["projected"] = (rec["nodeCount"], rec["relationshipCount"])

            # GDS streams internal node ids; map them to the edge list's numbers once, untimed.
            ids = {r["nid"]: r["id"] for r in s.run("MATCH (x:%s) RETURN id(x) AS nid, x.id AS id" % GDS_LABEL)}

            def stream(query, **params):
                def f():
                    vals = [0.0] * n
                    for r in s.run(query, g=GDS_GRAPH, **params):
                        vals[ids[r["nodeId"]]] = r["score"]
                    return vals
                return f

            for c in args.gds_concurrency:
                secs, vals = timed(stream(
                    "CALL gds.betweenness.stream($g, {concurrency: $c}) YIELD nodeId, score "
                    "RETURN nodeId, score", c=c), repeat=args.gds_repeat)
                # GDS's own measure of the same computation, without the stream to the client.
                millis = s.run("CALL gds.betweenness.stats($g, {concurrency: $c}) YIELD computeMillis "
                               "RETURN computeMillis", g=GDS_GRAPH, c=c).single()["computeMillis"]
                out["betweenness"].append((c, secs, vals, millis / 1000))

            if args.gds_pagerank:
                secs, vals = timed(stream(
                    "CALL gds.pageRank.stream($g, {dampingFactor: 0.85, maxIterations: 1000, "
                    "tolerance: 1e-12}) YIELD nodeId, score RETURN nodeId, score"), repeat=args.gds_repeat)
                out["pagerank"] = (secs, vals)

            s.run("CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName", g=GDS_GRAPH).consume()
    finally:
        driver.close()
    return out


def cpu_timed(f):
    """cpu_timed returns the wall and CPU seconds of f() (CPU of this process, every thread)
    and its result."""
    w, c = time.perf_counter(), time.process_time()
    out = f()
    return time.perf_counter() - w, time.process_time() - c, out


def go_bench(root, pattern, env, benchtime="1x"):
    """go_bench runs one Go benchmark pattern in ./analysis/ and returns (name, wall s, extra)
    per line, extra holding the reported metrics and the "top:" line it logged, if any."""
    out = subprocess.run(
        ["go", "test", "-v", "-run", "xxx", "-bench", pattern, "-benchtime", benchtime, "./analysis/"],
        cwd=root, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout, out.stderr, file=sys.stderr)
        sys.exit(1)
    rows, top = [], None
    for line in out.stdout.splitlines():
        t = re.match(r"\s+\S+_test.go:\d+: top: (.*)", line)
        if t:
            top = t.group(1).split()
        m = re.match(r"Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(\d+) ns/op(.*)", line)
        if m:
            extra = dict((v, float(k)) for k, v in re.findall(r"([\d.e+-]+) (\S+)", m.group(3)))
            extra["top"] = top
            rows.append((m.group(1), int(m.group(2)) / 1e9, extra))
    return rows


def closeness_main(args, path, n):
    """closeness_main times top-k and sampled closeness and harmonic in networkit and Go."""
    import networkit as nk
    nk.setNumberOfThreads(2)
    g = nk.graphio.EdgeListReader(" ", 0, directed=False).read(path)
    print("load average at the start: %s" % open("/proc/loadavg").read().split()[:3])
    rows = []
    tops = {}
    for name, make in [
            ("TopCloseness(k=10)", lambda: nk.centrality.TopCloseness(g, k=10)),
            ("TopHarmonicCloseness(k=10)", lambda: nk.centrality.TopHarmonicCloseness(g, k=10)),
            ("ApproxCloseness(nSamples=1000)", lambda: nk.centrality.ApproxCloseness(g, 1000))]:
        algo = make()
        wall, cpu, _ = cpu_timed(algo.run)
        rows.append(("networkit %s %s" % (nk.__version__, name), wall, cpu))
        if name.startswith("Top"):
            tops[name] = sorted(algo.topkNodesList()[:10])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PEACEGRAPH_BENCH_EDGES_100K=path)
    for name, wall, extra in go_bench(root, "BenchmarkTopCloseness100k", env):
        rows.append(("Go " + name, wall, extra.get("cpu-ns/op", 0) / 1e9))
        # networkit's TopCloseness and TopHarmonicCloseness are exact: their sets must be Go's.
        ref = {"top10-closeness": "TopCloseness(k=10)", "top10-harmonic": "TopHarmonicCloseness(k=10)"}
        key = name.split("/")[-1]
        if key in ref and extra["top"] is not None:
            got = sorted(int(x) for x in extra["top"])
            want = tops[ref[key]]
            print("%s: Go top 10 %s, networkit %s: %s" % (key, got, want, "same" if got == want else "DIFFERENT"))
            if got != want:
                raise SystemExit("Go's top 10 differ from networkit's")
    print("load average at the end: %s" % open("/proc/loadavg").read().split()[:3])
    print()
    print("| engine | wall s | CPU s |")
    print("|---|---:|---:|")
    for name, wall, cpu in rows:
        print("| %s | %.3f | %.3f |" % (name, wall, cpu))


def louvain_main(args, path, n):
    """louvain_main times Louvain in networkit, igraph and Go on one edge list."""
    import networkit as nk
    import igraph as ig
    nk.setNumberOfThreads(2)
    g = nk.graphio.EdgeListReader(" ", 0, directed=False).read(path)
    print("load average at the start: %s" % open("/proc/loadavg").read().split()[:3])
    rows = []
    for name, make in [("PLM (defaults)", lambda: nk.community.PLM(g)),
                       ("PLM (refine=True)", lambda: nk.community.PLM(g, refine=True))]:
        algo = make()
        wall, cpu, _ = cpu_timed(algo.run)
        q = nk.community.Modularity().getQuality(algo.getPartition(), g)
        rows.append(("networkit %s %s" % (nk.__version__, name), wall, cpu, q))
    with open(path) as f:
        el = [tuple(map(int, line.split())) for line in f]
    ig_g = ig.Graph(n=n, edges=el, directed=False)
    wall, cpu, cl = cpu_timed(lambda: ig_g.community_multilevel())
    rows.append(("python-igraph %s community_multilevel" % ig.__version__, wall, cpu, ig_g.modularity(cl)))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PEACEGRAPH_BENCH_EDGES_1M=path)
    for name, wall, extra in go_bench(root, "BenchmarkLouvain1MTies/" + args.louvain_go, env):
        rows.append(("Go " + name, wall, extra.get("cpu-ns/op", 0) / 1e9, extra.get("modularity", float("nan"))))
    print("load average at the end: %s" % open("/proc/loadavg").read().split()[:3])
    print()
    print("| engine | wall s | CPU s | modularity |")
    print("|---|---:|---:|---:|")
    for name, wall, cpu, q in rows:
        print("| %s | %.3f | %.3f | %.4f |" % (name, wall, cpu, q))


def loadavg():
    """loadavg returns the three load averages of /proc/loadavg as a string."""
    return " ".join(open("/proc/loadavg").read().split()[:3])


def write_ba(n, m, seed, weights=None):
    """write_ba writes nx.barabasi_albert_graph(n, m, seed) as an edge list, with a third column
    of integer weights 1..weights drawn from random.Random(seed) when weights is set, and
    returns its path and edge count."""
    import random
    G = nx.barabasi_albert_graph(n, m, seed=seed)
    edges = sorted(G.edges())
    r = random.Random(seed)
    fd, path = tempfile.mkstemp(prefix="ba_%d_%d_" % (n, m), suffix=".edgelist")
    with os.fdopen(fd, "w") as f:
        for u, v in edges:
            if weights:
                f.write("%d %d %d\n" % (u, v, r.randint(1, weights)))
            else:
                f.write("%d %d\n" % (u, v))
    return path, len(edges)


def igraph_of(path, n, weighted=False):
    """igraph_of reads an edge list written by write_ba into an undirected igraph graph (the
    weights in the edge attribute "weight")."""
    import igraph as ig
    el, ws = [], []
    with open(path) as f:
        for line in f:
            fs = line.split()
            el.append((int(fs[0]), int(fs[1])))
            if weighted:
                ws.append(float(fs[2]))
    g = ig.Graph(n=n, edges=el, directed=False)
    if weighted:
        g.es["weight"] = ws
    return g


def scaling_main(args):
    """scaling_main times exact unweighted betweenness on BA m=3 n=5k, 20k and 50k in igraph and
    Go (one worker each) and prints each size's CPU seconds against 5k's, scaled by n*m."""
    import igraph as ig
    sizes = [5000, 20_000, 50_000]
    files = {}
    for n in sizes:
        files[n] = write_ba(n, args.m, args.seed)
        print("graph: Barabasi-Albert n=%d m=%d seed=%d, %d edges, file %s" % (n, args.m, args.seed, files[n][1], files[n][0]))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PEACEGRAPH_BENCH_SCALING=",".join("%d=%s" % (n, files[n][0]) for n in sizes))
    rows = []
    for rep in range(args.repeat):
        print("round %d: load average %s" % (rep + 1, loadavg()))
        for n in sizes:
            g = igraph_of(files[n][0], n)
            wall, cpu, _ = cpu_timed(lambda: g.betweenness(directed=False))
            rows.append(("python-igraph %s" % ig.__version__, n, files[n][1], wall, cpu, loadavg()))
        for name, wall, extra in go_bench(root, "BenchmarkBetweennessScaling", env):
            n = int(name.split("=")[-1])
            rows.append(("Go analysis.Betweenness, 1 worker", n, files[n][1], wall, extra.get("cpu-ns/op", 0) / 1e9, loadavg()))
    print("load average at the end: %s" % loadavg())
    print()
    print("| engine | n | edges | wall s | CPU s | CPU / 5k's | work-scaled (n*m) | ratio to work-scaled | load after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    base = {}
    for name, n, m, wall, cpu, load in rows:
        if n == sizes[0]:
            base[name] = (cpu, n * m)
        b_cpu, b_work = base[name]
        scaled = b_cpu * n * m / b_work
        print("| %s | %d | %d | %.3f | %.3f | %.1fx | %.3f | %.2f | %s |" % (
            name, n, m, wall, cpu, cpu / b_cpu, scaled, cpu / scaled, load))
    for n in sizes:
        os.remove(files[n][0])


def weighted_main(args):
    """weighted_main times exact weighted betweenness (integer weights 1..10 as distances) on
    BA n=20,000 m=3 in igraph and Go, checks that they agree and prints CPU seconds."""
    import igraph as ig
    n = args.n if args.n != 5000 else 20_000
    path, m = write_ba(n, args.m, args.seed, weights=10)
    print("graph: Barabasi-Albert n=%d m=%d seed=%d, %d edges, weights 1..10, file %s" % (n, args.m, args.seed, m, path))
    g = igraph_of(path, n, weighted=True)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    fd, out = tempfile.mkstemp(prefix="bc_weighted_", suffix=".txt")
    os.close(fd)
    env = dict(os.environ, PEACEGRAPH_BENCH_WEIGHTED=path, PEACEGRAPH_BENCH_WEIGHTED_OUT=out)
    rows = []
    ref = None
    for rep in range(args.repeat):
        print("round %d: load average %s" % (rep + 1, loadavg()))
        wall, cpu, ref = cpu_timed(lambda: g.betweenness(directed=False, weights="weight"))
        rows.append(("python-igraph %s betweenness(weights=)" % ig.__version__, 1, wall, cpu, loadavg()))
        for name, wall, extra in go_bench(root, "BenchmarkBetweennessWeighted20k", env):
            rows.append(("Go analysis.Betweenness (DISTANCE)", int(name.split("=")[-1]), wall,
                         extra.get("cpu-ns/op", 0) / 1e9, loadavg()))
    got = {}
    with open(out) as f:
        for line in f:
            k, v = line.split()
            got[int(k)] = float(v)
    worst_abs, worst_rel, ok = relclose([got[i] for i in range(n)], ref)
    print("Go vs igraph raw weighted betweenness: max |difference| %.3g, max relative %.3g" % (worst_abs, worst_rel))
    if not ok:
        raise SystemExit("Go's weighted betweenness disagrees with igraph beyond 1e-6 relative")
    print("load average at the end: %s" % loadavg())
    print()
    print("| engine | workers | wall s | CPU s | igraph CPU / this CPU | load after |")
    print("|---|---:|---:|---:|---:|---|")
    for i, (name, workers, wall, cpu, load) in enumerate(rows):
        ig_cpu = [r[3] for r in rows[:i + 1] if r[0].startswith("python-igraph")][-1]
        print("| %s | %d | %.3f | %.3f | %.2fx | %s |" % (name, workers, wall, cpu, ig_cpu / cpu, load))
    os.remove(path)
    os.remove(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--louvain", action="store_true",
                    help="Louvain on BA n=200,001 m=5 (1,000,000 ties): networkit PLM, igraph, Go")
    ap.add_argument("--louvain-go", default="default",
                    help="which BenchmarkLouvain1MTies cases to run (a -bench pattern, e.g. '.')")
    ap.add_argument("--closeness", action="store_true",
                    help="top-k and sampled closeness and harmonic on BA n=100,000 (networkit, Go)")
    ap.add_argument("--scaling", action="store_true",
                    help="exact betweenness on BA m=3 n=5k, 20k, 50k: igraph and Go, CPU s against n*m")
    ap.add_argument("--weighted", action="store_true",
                    help="exact weighted betweenness on BA n=20,000 m=3, weights 1..10: igraph and Go")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of --scaling or --weighted")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--m", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--benchtime", default="5x")
    ap.add_argument("--gds-uri", help="Bolt URI of a Neo4j with GDS whose database may be wiped")
    ap.add_argument("--gds-user", default="neo4j")
    ap.add_argument("--gds-concurrency", default="1,2,4",
                    type=lambda v: [int(c) for c in v.split(",")],
                    help="comma-separated GDS concurrency values (open GDS allows at most 4)")
    ap.add_argument("--gds-repeat", type=int, default=3, help="GDS runs per setting; the best is kept")
    ap.add_argument("--gds-batch", type=int, default=5000, help="edges per UNWIND transaction")
    ap.add_argument("--gds-pagerank", action="store_true",
                    help="also time gds.pageRank.stream and check it against igraph's PageRank")
    args = ap.parse_args()
    if args.scaling:
        scaling_main(args)
        return
    if args.weighted:
        weighted_main(args)
        return
    if args.closeness and args.n == 5000:
        args.n = 100_000
    if args.louvain and args.n == 5000:
        args.n, args.m = 200_001, 5
    G = nx.barabasi_albert_graph(args.n, args.m, seed=args.seed)
    edges = sorted(G.edges())
    fd, path = tempfile.mkstemp(prefix="ba_%d_%d_" % (args.n, args.m), suffix=".edgelist")
    with os.fdopen(fd, "w") as f:
        for u, v in edges:
            f.write("%d %d\n" % (u, v))
    print("graph: Barabasi-Albert n=%d m=%d seed=%d, %d edges, file %s" % (args.n, args.m, args.seed, len(edges), path))
    if args.closeness:
        closeness_main(args, path, args.n)
        os.remove(path)
        return
    if args.louvain:
        louvain_main(args, path, args.n)
        os.remove(path)
        return

    rows = []
    ref = None
    raw_ref, raw_ref_name, pr_ref = None, None, None
    if not args.skip_networkx:
        H = nx.read_edgelist(path, nodetype=int)
        secs, ref = timed(lambda: nx.betweenness_centrality(H))
        rows.append(("NetworkX %s betweenness_centrality" % nx.__version__, 1, secs))
        # normalized=False for an undirected graph divides by 2 (each pair counted once), so the
        # raw values are the normalized ones times (n-1)(n-2)/2.
        unscale = (args.n - 1) * (args.n - 2) / 2
        raw_ref = [ref[i] * unscale for i in range(args.n)]
        raw_ref_name = "NetworkX betweenness_centrality(normalized=False)"

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
        if raw_ref is None:
            raw_ref, raw_ref_name = raw, "igraph raw betweenness"
        if args.gds_pagerank:
            pr_ref = g.pagerank(damping=0.85, directed=False)
    except ImportError:
        print("python-igraph not installed: pip install igraph", file=sys.stderr)

    if args.gds_uri:
        gds = gds_run(args, path, args.n)
        info = gds["info"]
        print("GDS: %s %s on Neo4j %s, %s available CPUs (the open edition runs at most 4 threads)" % (
            info.get("gdsEdition"), info.get("gdsVersion"), info.get("neo4jVersion"), info.get("availableCPUs")))
        print("GDS: load %.3f s (%d nodes, %d relationships, UNWIND batches of %d), "
              "projection %.3f s (%d nodes, %d undirected relationships)" % (
                  gds["load"], args.n, len(edges), args.gds_batch, gds["project"],
                  gds["projected"][0], gds["projected"][1]))
        if raw_ref is None:
            raise SystemExit("GDS: no reference to check against: install igraph or drop --skip-networkx")
        for c, secs, vals, compute in gds["betweenness"]:
            factor = sum(vals) / sum(raw_ref)
            # The factor is a counting convention, not noise: use the nearest half-integer.
            exact = round(factor * 2) / 2
            worst_abs, worst_rel, ok = relclose([v / exact for v in vals], raw_ref)
            print("GDS concurrency %d: stream %.3f s (best of %d), stats computeMillis %.3f s; "
                  "vs %s: GDS / reference = %.9f (factor %g), "
                  "max |difference| after scaling = %.3g, max relative = %.3g" % (
                      c, secs, args.gds_repeat, compute, raw_ref_name, factor, exact, worst_abs, worst_rel))
            if not ok:
                raise SystemExit("GDS betweenness disagrees with the reference beyond 1e-6 relative")
            rows.append(("Neo4j GDS %s gds.betweenness.stream" % info.get("gdsVersion"), c, secs))
        if gds["pagerank"] is not None and pr_ref is not None:
            secs, vals = gds["pagerank"]
            total = sum(vals)
            worst_abs, worst_rel, ok = relclose([v / total for v in vals], pr_ref)
            print("GDS gds.pageRank.stream (damping 0.85, tolerance 1e-12): %.3f s; "
                  "scores sum to %.6g; divided by that sum vs igraph pagerank: "
                  "max |difference| = %.3g, max relative = %.3g" % (secs, total, worst_abs, worst_rel))
            t_ig, _ = timed(lambda: g.pagerank(damping=0.85, directed=False), repeat=3)
            print("igraph pagerank (PRPACK, exact solve): %.3f s" % t_ig)
            if not ok:
                raise SystemExit("GDS PageRank disagrees with igraph beyond 1e-6 relative")

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
    go = {w: secs for name, w, secs in rows if name.startswith("Go ")}
    print()
    print("| engine | workers | seconds | vs NetworkX | time / Go |")
    print("|---|---:|---:|---:|---:|")
    for name, workers, secs in rows:
        speed = "%.0fx" % (base / secs) if base else "-"
        # Against the Go run with as many workers, or the most Go has below that.
        below = [w for w in go if w <= workers]
        ratio = "%.1fx" % (secs / go[max(below)]) if below else "-"
        print("| %s | %d | %.3f | %s | %s |" % (name, workers, secs, speed, ratio))
    os.remove(path)


if __name__ == "__main__":
    main()
