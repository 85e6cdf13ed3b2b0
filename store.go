package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/funding"
	"github.com/peacegraph/peacegraph/store/embedded"
	"github.com/peacegraph/peacegraph/store/neo4j"
	"github.com/peacegraph/peacegraph/store/resilient"
)

// storeName says which store cfg names, for messages and logs.
func storeName(cfg config) string {
	if cfg.neo4j.URI == "" {
		return cfg.data
	}
	if cfg.neo4j.Database != "" {
		return fmt.Sprintf("Neo4j %s (database %s)", cfg.neo4j.URI, cfg.neo4j.Database)
	}
	return "Neo4j " + cfg.neo4j.URI
}

// withStore opens the configured store for one command, runs fn with it and
// closes it, joining the close error to fn's.
func withStore(ctx context.Context, cfg config, fn func(network.Store) error) (err error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	return fn(store)
}

// openStore opens the store cfg names, the Neo4j database when cfg.neo4j.URI
// is set and the embedded file otherwise, and, unless cfg.noSeed, loads the
// built-in network into it when it is empty, with its funding layer unless
// cfg.noFunding. EUNAVAILABLE if Neo4j cannot
// be reached.
func openStore(ctx context.Context, cfg config) (network.Store, error) {
	var s network.Store
	var err error
	if cfg.neo4j.URI != "" {
		s, err = neo4j.Open(ctx, cfg.neo4j)
	} else {
		s, err = embedded.Open(cfg.data)
	}
	if err != nil {
		return nil, err
	}
	if !cfg.noSeed {
		if _, err := funding.LoadIfEmpty(ctx, s, !cfg.noFunding); err != nil {
			return nil, errors.Join(err, s.Close())
		}
	}
	return s, nil
}

// openServeStore opens the store of the serve command. The embedded file is
// opened (and seeded) at once. A Neo4j database is opened behind a
// resilient.Store: the service starts whether or not Neo4j answers yet, and
// the seed is loaded into an empty database on every connection.
func openServeStore(ctx context.Context, cfg config, log *slog.Logger) (network.Store, error) {
	if cfg.neo4j.URI == "" {
		s, err := openStore(ctx, cfg)
		if err != nil {
			return nil, err
		}
		log.Info("store: embedded", "file", cfg.data)
		return s, nil
	}
	s, err := neo4j.New(cfg.neo4j)
	if err != nil {
		return nil, err
	}
	log.Info("store: Neo4j", "uri", cfg.neo4j.URI, "database", cfg.neo4j.Database, "user", cfg.neo4j.Username)
	opts := resilient.Options{Name: "Neo4j", Log: log}
	if !cfg.noSeed {
		withFunding := !cfg.noFunding
		opts.OnConnect = func(ctx context.Context, s network.Store) (bool, error) {
			return funding.LoadIfEmpty(ctx, s, withFunding)
		}
	}
	return resilient.Start(s, opts), nil
}

// storeLabel is the kind of store cfg names, as metrics label it: embedded
// or neo4j.
func storeLabel(cfg config) string {
	if cfg.neo4j.URI == "" {
		return "embedded"
	}
	return "neo4j"
}
