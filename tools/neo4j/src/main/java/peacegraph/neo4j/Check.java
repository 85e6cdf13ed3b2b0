package peacegraph.neo4j;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * Check tells whether a Neo4j server is ready for peacegraph: Bolt answers with the given
 * credentials, {@code CALL gds.version()} and {@code RETURN apoc.version()} succeed. It retries
 * until a deadline and exits 0 when ready, 1 otherwise, printing the versions it found.
 *
 * <p>Usage: {@code Check [--timeout SECONDS] [--no-auth] [--smoke] bolt://127.0.0.1:7687}; the
 * password of user {@code neo4j} comes from NEO4J_PASSWORD (default peacegraph-dev). With
 * {@code --smoke} it also writes a small graph, reads it back, runs GDS PageRank and an APOC
 * function over it, checks the answers, and removes what it wrote.
 */
public final class Check {
    private Check() {}

    /**
     * main runs the check.
     *
     * @param args optional flags and the Bolt URI
     */
    public static void main(String[] args) {
        String uri = "bolt://127.0.0.1:7687";
        boolean auth = true;
        boolean smoke = false;
        long timeoutSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-auth" -> auth = false;
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                case "--smoke" -> smoke = true;
                default -> uri = args[i];
            }
        }
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "peacegraph-dev");
        AuthToken token = auth ? AuthTokens.basic("neo4j", password) : AuthTokens.none();
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);

        Exception last = null;
        do {
            try {
                String versions = versions(uri, token);
                System.out.println(versions);
                if (smoke) {
                    smoke(uri, token);
                    System.out.println("smoke: write, read, gds.pageRank.stream and apoc.coll.sum ok");
                }
                System.exit(0);
            } catch (SmokeFailure e) {
                System.err.println("smoke: " + e.getMessage());
                System.exit(1);
            } catch (Exception e) {
                last = e;
            }
            sleep(Duration.ofMillis(500));
        } while (Instant.now().isBefore(deadline));
        System.err.println("neo4j at " + uri + " is not ready: " + last.getMessage());
        System.exit(1);
    }

    /** versions connects once and returns the Neo4j, GDS and APOC versions, or throws. */
    static String versions(String uri, AuthToken token) {
        Config config = Config.builder()
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withoutEncryption()
                .build();
        try (Driver driver = GraphDatabase.driver(uri, token, config);
             Session session = driver.session()) {
            driver.verifyConnectivity();
            String neo4j = session.run(
                    "CALL dbms.components() YIELD name, versions "
                            + "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS v")
                    .single().get("v").asString();
            String gds = session.run("CALL gds.version() YIELD gdsVersion RETURN gdsVersion")
                    .single().get("gdsVersion").asString();
            String apoc = session.run("RETURN apoc.version() AS v").single().get("v").asString();
            return "neo4j=" + neo4j + " gds=" + gds + " apoc=" + apoc;
        }
    }

    /** SmokeFailure is a wrong answer from a server that does answer: no point retrying. */
    static final class SmokeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SmokeFailure(String message) {
            super(message);
        }
    }

    /**
     * smoke writes a star of five nodes around a hub plus one tie between two leaves under a
     * label of its own, checks that it reads back, that GDS projects it and PageRank ranks the
     * hub first, and that an APOC function answers; then it removes the projection and nodes.
     */
    static void smoke(String uri, AuthToken token) {
        String label = "PeacegraphSmoke" + Long.toHexString(System.nanoTime());
        String graph = label.toLowerCase();
        Config config = Config.builder().withoutEncryption().build();
        try (Driver driver = GraphDatabase.driver(uri, token, config);
             Session session = driver.session()) {
            session.run("UNWIND ['hub','a','b','c','d','e'] AS id CREATE (:" + label + " {id: id})").consume();
            session.run("MATCH (h:" + label + " {id: 'hub'}), (x:" + label + ") WHERE x.id <> 'hub' "
                    + "CREATE (x)-[:TIE]->(h)").consume();
            session.run("MATCH (a:" + label + " {id: 'a'}), (b:" + label + " {id: 'b'}) "
                    + "CREATE (a)-[:TIE]->(b)").consume();
            try {
                long nodes = session.run("MATCH (n:" + label + ") RETURN count(n) AS n")
                        .single().get("n").asLong();
                long ties = session.run("MATCH (:" + label + ")-[t:TIE]->() RETURN count(t) AS n")
                        .single().get("n").asLong();
                if (nodes != 6 || ties != 6) {
                    throw new SmokeFailure("read back " + nodes + " nodes and " + ties + " ties, want 6 and 6");
                }
                var projected = session.run("CALL gds.graph.project($g, $label, {TIE: {orientation: 'UNDIRECTED'}}) "
                                + "YIELD nodeCount, relationshipCount RETURN nodeCount, relationshipCount",
                        java.util.Map.of("g", graph, "label", label)).single();
                if (projected.get("nodeCount").asLong() != 6 || projected.get("relationshipCount").asLong() != 12) {
                    throw new SmokeFailure("projected " + projected + ", want 6 nodes and 12 relationships");
                }
                var ranks = session.run("CALL gds.pageRank.stream($g) YIELD nodeId, score "
                                + "RETURN gds.util.asNode(nodeId).id AS id, score ORDER BY score DESC",
                        java.util.Map.of("g", graph)).list();
                String top = ranks.get(0).get("id").asString();
                double hub = ranks.get(0).get("score").asDouble();
                double leaf = ranks.get(ranks.size() - 1).get("score").asDouble();
                if (ranks.size() != 6 || !top.equals("hub") || !(hub > leaf)) {
                    throw new SmokeFailure("pageRank ranked " + top + " first (" + ranks.size() + " rows), want hub");
                }
                double sum = session.run("RETURN apoc.coll.sum([0.25, 0.5, 1.25]) AS s")
                        .single().get("s").asDouble();
                if (sum != 2.0) {
                    throw new SmokeFailure("apoc.coll.sum gave " + sum + ", want 2.0");
                }
            } finally {
                session.run("CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName",
                        java.util.Map.of("g", graph)).consume();
                session.run("MATCH (n:" + label + ") DETACH DELETE n").consume();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
