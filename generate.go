package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/seed/synthetic"
)

// generatedFormat is the export format of a generate --out file, "" when its
// extension names none.
func generatedFormat(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".graphml":
		return "graphml"
	case ".json":
		return "json"
	}
	return ""
}

// runGenerate makes a synthetic network and writes it to cfg.out or, when
// that is empty, to the store in one transaction.
func runGenerate(ctx context.Context, cfg config, stdout io.Writer) error {
	c, err := synthetic.Generate(synthetic.Options{Actors: cfg.actors, Ties: cfg.ties, Seed: cfg.seed})
	if err != nil {
		return err
	}
	if cfg.out != "" {
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		snap := &network.Snapshot{Actors: c.Actors, Ties: c.Ties, Places: c.Places}
		if err := formats.Export(f, generatedFormat(cfg.out), snap); err != nil {
			return errors.Join(err, f.Close(), os.Remove(cfg.out))
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), cfg.out)
		return nil
	}
	return withStore(ctx, cfg, func(store network.Store) error {
		if err := store.Apply(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), storeName(cfg))
		return nil
	})
}
