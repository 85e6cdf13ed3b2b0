package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/peacegraph/peacegraph/formats"
)

// runImport reads the files and writes them to the store in one
// transaction: all of them or, on any error, none.
func runImport(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	// IATI organisations are matched to the actors already stored.
	snap, err := store.Snapshot(ctx, false)
	if err != nil {
		return err
	}
	c, err := formats.ImportFilesKnown(cfg.files, snap.Actors)
	if err != nil {
		return err
	}
	if err := store.Apply(ctx, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), storeName(cfg))
	return nil
}
