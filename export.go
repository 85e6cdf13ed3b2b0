package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

// runExport writes the whole network in cfg.format to cfg.out or stdout.
func runExport(ctx context.Context, cfg config, stdout io.Writer) error {
	return withStore(ctx, cfg, func(store network.Store) error {
		snap, err := store.Snapshot(ctx, false)
		if err != nil {
			return err
		}
		if cfg.format == "csv" {
			return exportCSV(cfg.out, snap)
		}
		if cfg.out == "" {
			return formats.Export(stdout, cfg.format, snap)
		}
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		if err := formats.Export(f, cfg.format, snap); err != nil {
			return errors.Join(err, f.Close(), os.Remove(cfg.out))
		}
		return f.Close()
	})
}

// exportCSV writes snap as dir/nodes.csv and dir/edges.csv.
func exportCSV(dir string, snap *network.Snapshot) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	nodes, err := os.Create(filepath.Join(dir, "nodes.csv"))
	if err != nil {
		return err
	}
	edges, err := os.Create(filepath.Join(dir, "edges.csv"))
	if err != nil {
		return errors.Join(err, nodes.Close())
	}
	err = formats.ExportCSV(nodes, edges, snap)
	return errors.Join(err, nodes.Close(), edges.Close())
}
