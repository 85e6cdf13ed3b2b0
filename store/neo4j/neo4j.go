// Package neo4j is a network.Store over Neo4j 5, through one pooled
// neo4j-go-driver v5 driver. Every statement it runs comes from the cypher
// package.
//
// # Model
//
// An actor is a node (:Actor {id, name, acronym, aliases, kind, scope,
// regions, countries, themes, imported}) with lowercased copies idLower,
// nameLower, acronymLower and aliasesLower for case-insensitive matching,
// and searchLower (all three, one a line) for counting text matches from a
// text index,
// and its identifiers, attributes and sources as JSON strings. A tie is one
// relationship type for every kind, (:Actor)-[:TIE {id, kind, since, until,
// description, weight}]->(:Actor), always stored from Tie.From to Tie.To
// (symmetric kinds too), with sinceFirst and untilLast (the first and last day
// its dates cover) for period filters, and its funding, attributes and
// sources as JSON strings. One relationship type keeps tie IDs unique under
// one constraint and lets a reader follow ties of any kind in one pattern;
// the kind is a property. A place is a node (:Place {id, name, kind, iso3,
// lat, lon, parent, regions}) with its sources as JSON. An empty list is stored as no property and read
// back as nil, as the embedded store does.
//
// The data version is (:Meta {id: 'version', value}). Apply increments it as
// the first statement of its write transaction, which also serializes
// writers, so every service instance sharing the database agrees on it.
//
// # Transactions and errors
//
// Reads of several statements run in managed read transactions
// (session.ExecuteRead), which the driver retries; reads of one statement run
// as auto-commit transactions of read sessions, one round trip each, retried
// here on the same errors. A neo4j:// routing driver sends both to
// followers. Apply is one managed write transaction. The context's deadline bounds the
// driver's work and is passed to the server as the transaction timeout. A
// database that cannot be reached (connectivity errors, exhausted retries,
// transient server errors, deadlines) gives network.EUNAVAILABLE; the
// driver's error stays in the chain for logs.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/peacegraph/peacegraph/cypher"
	"github.com/peacegraph/peacegraph/network"
)

// Config names the database to use.
type Config struct {
	// URI is bolt://host:port for one server or neo4j://host:port for a
	// cluster, whose reads may then go to followers.
	URI      string
	Username string
	Password string
	// Database is the database name; empty means the server's default.
	Database string
}

// PingTimeout is the longest Ping waits for the database.
const PingTimeout = 2 * time.Second

// maxRetryTime is how long a read or write is retried after errors the
// driver calls retryable (the database restarting, a leader switch).
const maxRetryTime = 15 * time.Second

// batchSize is the number of rows one UNWIND statement of Apply writes.
const batchSize = 1000

var _ network.Store = (*Store)(nil)

// Store is a network.Store over a Neo4j database. It is safe for concurrent
// use.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
}

// Open connects to the database named by cfg, checks that it answers and
// creates the constraints and indexes the store needs if they are missing.
// EUNAVAILABLE if the database cannot be reached, EINVALID for a bad URI.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Init(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// New returns a Store for the database named by cfg without contacting it:
// the driver connects on first use. Open is New followed by Init. EINVALID
// for a bad URI.
func New(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, network.Errorf(network.EINVALID, "the Neo4j URI is empty")
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 30 * time.Second
		c.MaxTransactionRetryTime = maxRetryTime
		c.UserAgent = "peacegraph"
	})
	if err != nil {
		return nil, &Error{err: network.Errorf(network.EINVALID, "bad Neo4j URI %q", cfg.URI), cause: err}
	}
	return &Store{driver: driver, database: cfg.Database}, nil
}

// Init checks that the database answers and creates, if missing, the
// constraints (unique Actor.id, TIE id, Place.id, Meta.id) and indexes the
// store uses. It is idempotent and safe to run from several instances at once.
func (s *Store) Init(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return classify(err, "connect")
	}
	for _, stmt := range cypher.Schema {
		err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
			_, err := run(ctx, tx, stmt, nil)
			return err
		})
		if err != nil && !alreadyExists(err) {
			return classify(err, "schema")
		}
	}
	// Actors written before searchLower existed get it.
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		_, err := run(ctx, tx, cypher.ActorsSearchBackfill, nil)
		return err
	})
	return classify(err, "backfill")
}

// alreadyExists reports whether err says an equivalent schema rule exists,
// which a concurrent Init can cause despite IF NOT EXISTS.
func alreadyExists(err error) bool {
	var ne *neo4j.Neo4jError
	return errors.As(err, &ne) && strings.Contains(ne.Code, "AlreadyExists")
}

// Close releases the driver and its connections.
func (s *Store) Close() error {
	if err := s.driver.Close(context.Background()); err != nil {
		return fmt.Errorf("neo4j: close: %w", err)
	}
	return nil
}

// Ping runs a trivial query and returns EUNAVAILABLE if it does not succeed
// within PingTimeout (or ctx's deadline, if sooner). It does not retry.
func (s *Store) Ping(ctx context.Context) (err error) {
	ctx, cancel := context.WithTimeout(ctx, PingTimeout)
	defer cancel()
	session := s.driver.NewSession(ctx, s.sessionConfig(neo4j.AccessModeRead))
	defer func() { err = closeSession(ctx, session, err) }()
	result, err := session.Run(ctx, cypher.Ping, nil, txTimeout(ctx))
	if err != nil {
		return unavailable(err, "ping")
	}
	if _, err := result.Single(ctx); err != nil {
		return unavailable(err, "ping")
	}
	return nil
}

// read runs work in a managed read transaction.
func (s *Store) read(ctx context.Context, work func(tx neo4j.ManagedTransaction) error) error {
	return s.readFetching(ctx, 0, work)
}

// readFetching runs work in a managed read transaction whose results arrive
// in batches of fetchSize records (0: the driver's default, neo4j.FetchAll:
// all at once).
func (s *Store) readFetching(ctx context.Context, fetchSize int, work func(tx neo4j.ManagedTransaction) error) (err error) {
	cfg := s.sessionConfig(neo4j.AccessModeRead)
	cfg.FetchSize = fetchSize
	session := s.driver.NewSession(ctx, cfg)
	defer func() { err = closeSession(ctx, session, err) }()
	_, err = session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, work(tx)
	}, txTimeout(ctx))
	return err
}

// readOne runs stmt, one statement that only reads, as an auto-commit
// transaction of a read session and returns its records: one round trip to
// the server (RUN and PULL sent together) where a managed transaction takes
// two (its COMMIT), for the one-statement reads a request waits for. The
// session follows the bookmark manager as every other does, so the read sees
// this Store's writes. A read is idempotent, so an error the driver calls
// retryable is retried with backoff for up to maxRetryTime, as a managed
// transaction would be.
func (s *Store) readOne(ctx context.Context, stmt string, params map[string]any) ([]*neo4j.Record, error) {
	delay := 5 * time.Millisecond
	give := time.Now().Add(maxRetryTime)
	for {
		recs, err := s.runRead(ctx, stmt, params)
		if err == nil || !neo4j.IsRetryable(err) || ctx.Err() != nil || time.Now().Add(delay).After(give) {
			return recs, err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
		delay = min(2*delay, time.Second)
	}
}

// runRead runs stmt once as an auto-commit transaction of a read session.
func (s *Store) runRead(ctx context.Context, stmt string, params map[string]any) (recs []*neo4j.Record, err error) {
	session := s.driver.NewSession(ctx, s.sessionConfig(neo4j.AccessModeRead))
	defer func() {
		if cerr := session.Close(context.WithoutCancel(ctx)); err == nil && cerr != nil {
			err = cerr
		}
	}()
	result, err := session.Run(ctx, stmt, params, txTimeout(ctx))
	if err != nil {
		return nil, err
	}
	return result.Collect(ctx)
}

// write runs work in a managed write transaction.
func (s *Store) write(ctx context.Context, work func(tx neo4j.ManagedTransaction) error) (err error) {
	session := s.driver.NewSession(ctx, s.sessionConfig(neo4j.AccessModeWrite))
	defer func() { err = closeSession(ctx, session, err) }()
	_, err = session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, work(tx)
	}, txTimeout(ctx))
	return err
}

// closeSession closes session and returns err, or the close error if err is
// nil.
func closeSession(ctx context.Context, session neo4j.SessionWithContext, err error) error {
	cerr := session.Close(context.WithoutCancel(ctx))
	if err == nil && cerr != nil {
		return classify(cerr, "close session")
	}
	return err
}

// txTimeout passes ctx's deadline to the server as the transaction timeout.
func txTimeout(ctx context.Context) func(*neo4j.TransactionConfig) {
	return func(c *neo4j.TransactionConfig) {
		if d, ok := ctx.Deadline(); ok {
			// The server's timeout has millisecond resolution; never 0,
			// which would mean no timeout.
			c.Timeout = max(time.Until(d), time.Millisecond)
		}
	}
}

// run runs stmt in tx and returns its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, params map[string]any) ([]*neo4j.Record, error) {
	result, err := tx.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
	return result.Collect(ctx)
}

// Error is an error of the store: a network.Error for the caller and the
// driver's error behind it for the log. network.ErrorCode and
// network.ErrorMessage see the network.Error; Error() shows both.
type Error struct {
	err   *network.Error
	cause error
}

// Error shows the code, the message and the driver's error.
func (e *Error) Error() string { return e.err.Error() + ": " + e.cause.Error() }

// Unwrap gives the network.Error and the cause.
func (e *Error) Unwrap() []error { return []error{e.err, e.cause} }

// unavailable returns EUNAVAILABLE with err as its cause.
func unavailable(err error, op string) error {
	return &Error{err: network.Errorf(network.EUNAVAILABLE, "the Neo4j database cannot be reached now"), cause: fmt.Errorf("neo4j: %s: %w", op, err)}
}

// classify returns err as it is if it carries a network code, EUNAVAILABLE if
// it says the database cannot serve now, and an internal error otherwise.
func classify(err error, op string) error {
	if err == nil {
		return nil
	}
	var ne *network.Error
	if errors.As(err, &ne) {
		return err
	}
	if isUnavailable(err) {
		return unavailable(err, op)
	}
	return fmt.Errorf("neo4j: %s: %w", op, err)
}

// isUnavailable reports whether err says that the database cannot be reached
// or cannot serve now.
func isUnavailable(err error) bool {
	var (
		connectivity *neo4j.ConnectivityError
		limit        *neo4j.TransactionExecutionLimit
		auth         *neo4j.InvalidAuthenticationError
		tokenExpired *neo4j.TokenExpiredError
		dbErr        *neo4j.Neo4jError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &connectivity),
		errors.As(err, &limit),
		errors.As(err, &auth),
		errors.As(err, &tokenExpired):
		return true
	case errors.As(err, &dbErr):
		return strings.HasPrefix(dbErr.Code, "Neo.TransientError.") ||
			strings.Contains(dbErr.Code, "TransactionTimedOut") ||
			strings.HasPrefix(dbErr.Code, "Neo.ClientError.Security.") ||
			dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound"
	}
	return false
}

// sessionConfig returns the configuration of a session in mode. Every session
// shares the driver's bookmark manager, so that in a cluster a read follows
// the writes this Store made before it (read your writes).
func (s *Store) sessionConfig(mode neo4j.AccessMode) neo4j.SessionConfig {
	return neo4j.SessionConfig{
		AccessMode:      mode,
		DatabaseName:    s.database,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	}
}
