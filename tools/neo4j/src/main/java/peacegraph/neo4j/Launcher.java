package peacegraph.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.UserAggregationFunction;
import org.neo4j.procedure.UserFunction;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.server.security.auth.LegacyCredential;

/**
 * Launcher starts Neo4j Community embedded with its Bolt connector on a loopback address,
 * registers the Graph Data Science and APOC procedures found on the class path, sets the
 * password of the {@code neo4j} user, and runs until the JVM is told to stop (SIGTERM), when
 * it shuts the database down cleanly.
 *
 * <p>Flags (environment variables in brackets):
 * <pre>
 *   --port N         Bolt port [NEO4J_BOLT_PORT], default 7687
 *   --listen ADDR    listen address, default 127.0.0.1
 *   --data DIR       home of the database files, default run/&lt;port&gt; in the working directory
 *   --keep           keep the files already in --data (default: wipe them on start)
 *   --no-auth        disable authentication
 *   --password PW    password of the neo4j user [NEO4J_PASSWORD], default peacegraph-dev
 *   --pagecache SIZE page cache in MiB, default 512
 * </pre>
 */
public final class Launcher {
    /** READY is the line printed once Bolt listens and every procedure is registered. */
    public static final String READY = "peacegraph-neo4j ready";

    private static final String DEFAULT_PASSWORD = "peacegraph-dev";
    private static final int MIN_PASSWORD_LENGTH = 8;

    private Launcher() {}

    /** Options holds the launcher's configuration, read once from flags and environment. */
    record Options(int port, String listen, Path data, boolean keep, boolean auth,
                   String password, long pagecacheMiB) {

        static Options parse(String[] args, Map<String, String> env) {
            int port = Integer.parseInt(env.getOrDefault("NEO4J_BOLT_PORT", "7687"));
            String listen = "127.0.0.1";
            Path data = null;
            boolean keep = false;
            boolean auth = true;
            String password = env.getOrDefault("NEO4J_PASSWORD", DEFAULT_PASSWORD);
            long pagecache = 512;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--listen" -> listen = value(args, ++i);
                    case "--data" -> data = Path.of(value(args, ++i));
                    case "--keep" -> keep = true;
                    case "--no-auth" -> auth = false;
                    case "--password" -> password = value(args, ++i);
                    case "--pagecache" -> pagecache = Long.parseLong(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown flag " + args[i]);
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (auth && password.length() < MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(
                        "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
            }
            if (data == null) {
                data = Path.of("run", Integer.toString(port));
            }
            return new Options(port, listen, data.toAbsolutePath(), keep, auth, password, pagecache);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * main starts the server and blocks until shutdown.
     *
     * @param args the flags described on the class
     * @throws Exception when the database cannot start
     */
    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("peacegraph-neo4j: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();

        if (!opts.keep()) {
            deleteTree(opts.data());
        }
        Files.createDirectories(opts.data());

        DatabaseManagementService dbms;
        try {
            boolean fresh = !Files.exists(opts.data().resolve("data/databases/system"));
            if (opts.auth() && fresh) {
                writeInitialPassword(opts.data(), opts.password());
            }
            dbms = build(opts);
        } catch (Exception e) {
            // Neo4j's threads would keep the JVM alive after main: exit explicitly.
            System.out.println("peacegraph-neo4j: failed to start: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
            return;
        }

        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("peacegraph-neo4j: shutting down");
            dbms.shutdown();
            System.out.println("peacegraph-neo4j: stopped");
            stopped.countDown();
        }, "peacegraph-neo4j-shutdown"));

        try {
            prepare(dbms, opts, started);
        } catch (Exception | LinkageError e) {
            // The shutdown hook stops the database on the way out.
            System.out.println("peacegraph-neo4j: failed to start: " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }

        System.out.printf("peacegraph-neo4j: data in %s%n", opts.data());
        System.out.printf("peacegraph-neo4j: auth %s%n",
                opts.auth() ? "enabled, user neo4j" : "disabled");
        System.out.printf("%s bolt://%s:%d in %.1f s%n", READY, opts.listen(), opts.port(),
                seconds(started));
        System.out.flush();
        stopped.await();
    }

    /** build starts the database management service with Bolt on the configured address. */
    static DatabaseManagementService build(Options opts) {
        var userLog = new Log4jLogProvider(System.out, Level.INFO);
        return new DatabaseManagementServiceBuilder(opts.data())
                .setUserLogProvider(userLog)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(opts.listen(), opts.port()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(opts.listen(), opts.port()))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, opts.auth())
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*", "apoc.*"))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(opts.pagecacheMiB()))
                // A development server: small files, made fast, and nothing reported home.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt waits 5 s twice on shutdown by default; a test server should stop at once.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
    }

    /**
     * writeInitialPassword writes the file Neo4j reads when it creates its system database, so
     * that user neo4j has the password from the first moment Bolt listens. A database that
     * already exists ignores the file; {@link #setPassword} covers that case.
     */
    static void writeInitialPassword(Path home, String password) throws Exception {
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (var fs = new DefaultFileSystemAbstraction()) {
            var users = new FileUserRepository(fs, file, NullLogProvider.getInstance(),
                    EmptyMemoryTracker.INSTANCE);
            users.start();
            users.create(new User("neo4j", null, LegacyCredential.forPassword(password), false, false));
            users.shutdown();
        }
    }

    /**
     * prepare registers the GDS and APOC procedures and sets the password of the neo4j user
     * once the database runs.
     */
    static void prepare(DatabaseManagementService dbms, Options opts, long started) throws IOException {
        System.out.printf("peacegraph-neo4j: database up in %.1f s%n", seconds(started));
        var db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        var procedures = db.getDependencyResolver().resolveDependency(GlobalProcedures.class);
        Registered gds = register(procedures, "org/neo4j/gds/", "org.neo4j.gds.");
        Registered apoc = register(procedures, "org/neo4j/procedure/apoc-", "apoc.");
        System.out.printf("peacegraph-neo4j: registered GDS %s%n", gds);
        System.out.printf("peacegraph-neo4j: registered APOC %s%n", apoc);
        System.out.printf("peacegraph-neo4j: procedures registered at %.1f s%n", seconds(started));

        if (opts.auth() && opts.keep()) {
            setPassword(dbms, opts.password());
        }
    }

    /**
     * setPassword gives user neo4j the password, with no change required. A database kept from
     * an earlier run may already have it, which Neo4j refuses to set again: that is success.
     */
    static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String msg = t.getMessage();
                if (msg != null && msg.contains("Old password and new password cannot be the same")) {
                    return;
                }
            }
            throw e;
        }
    }

    /** Registered counts the procedures, functions and aggregations taken from a set of jars. */
    record Registered(int procedures, int functions, int aggregations, List<String> failures) {
        @Override
        public String toString() {
            var s = String.format("%d procedure classes, %d function classes, %d aggregation classes",
                    procedures, functions, aggregations);
            if (!failures.isEmpty()) {
                s += ", " + failures.size() + " failed: " + String.join("; ", failures);
            }
            return s;
        }
    }

    /**
     * register scans every class path jar whose path contains jarMarker for classes in
     * packagePrefix that declare {@code @Procedure}, {@code @UserFunction} or
     * {@code @UserAggregationFunction} methods, and registers them. Embedded Neo4j loads
     * procedures only from its plugins directory, never from the class path.
     */
    static Registered register(GlobalProcedures procedures, String jarMarker, String packagePrefix)
            throws IOException {
        var names = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.replace('\\', '/').contains(jarMarker)) {
                names.addAll(classNames(Path.of(entry), packagePrefix));
            }
        }
        // Loading thousands of classes is the slow part and is safe in parallel; registering
        // is done one class at a time, in name order.
        List<Callables> found = names.parallelStream()
                .map(Launcher::callables)
                .filter(c -> c != null)
                .sorted(Comparator.comparing(c -> c.type().getName()))
                .toList();

        int procs = 0;
        int funcs = 0;
        int aggs = 0;
        var failures = new ArrayList<String>();
        for (Callables c : found) {
            try {
                if (c.procedure()) {
                    procedures.registerProcedure(c.type());
                    procs++;
                }
                if (c.function()) {
                    procedures.registerFunction(c.type());
                    funcs++;
                }
                if (c.aggregation()) {
                    procedures.registerAggregationFunction(c.type());
                    aggs++;
                }
            } catch (Exception | LinkageError e) {
                failures.add(c.type().getName() + ": " + e.getMessage());
            }
        }
        return new Registered(procs, funcs, aggs, failures);
    }

    /** Callables says which kinds of callable a class declares. */
    record Callables(Class<?> type, boolean procedure, boolean function, boolean aggregation) {}

    /** callables loads the named class without initializing it; null when it declares none. */
    private static Callables callables(String name) {
        Method[] methods;
        Class<?> type;
        try {
            type = Class.forName(name, false, Launcher.class.getClassLoader());
            methods = type.getDeclaredMethods();
        } catch (LinkageError | ClassNotFoundException e) {
            return null; // a class whose optional dependencies are absent declares nothing we run
        }
        boolean proc = false;
        boolean func = false;
        boolean agg = false;
        for (Method m : methods) {
            proc |= m.isAnnotationPresent(Procedure.class);
            func |= m.isAnnotationPresent(UserFunction.class);
            agg |= m.isAnnotationPresent(UserAggregationFunction.class);
        }
        return proc || func || agg ? new Callables(type, proc, func, agg) : null;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static List<String> classNames(Path jar, String packagePrefix) throws IOException {
        var names = new ArrayList<String>();
        try (var file = new JarFile(jar.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String n = e.getName();
                if (!n.endsWith(".class") || n.contains("$") || n.startsWith("META-INF/")) {
                    continue;
                }
                String cls = n.substring(0, n.length() - ".class".length()).replace('/', '.');
                if (cls.startsWith(packagePrefix)) {
                    names.add(cls);
                }
            }
        }
        names.sort(null);
        return names;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
