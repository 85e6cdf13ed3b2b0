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
 * <p>Usage: {@code Check [--timeout SECONDS] [--no-auth] bolt://127.0.0.1:7687}; the password
 * of user {@code neo4j} comes from NEO4J_PASSWORD (default peacegraph-dev).
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
        long timeoutSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-auth" -> auth = false;
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
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
                System.exit(0);
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

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
