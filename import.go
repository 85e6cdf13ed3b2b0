package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
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
	if c.Import != nil {
		writeReport(stdout, c.Import)
	}
	return nil
}

// writeReport prints an import's record: what was read, what became of it,
// and every skipped record counted by reason with its value per currency.
func writeReport(w io.Writer, rec *network.ImportRecord) {
	r := &rec.Report
	fmt.Fprintf(w, "%s (%s, data version %d)\n", rec.ID, rec.Format, rec.DataVersion)
	var read []string
	if r.Activities > 0 || r.Transactions > 0 {
		read = append(read, fmt.Sprintf("%d activities, %d transactions", r.Activities, r.Transactions))
	}
	if r.Edges > 0 {
		read = append(read, fmt.Sprintf("%d edges", r.Edges))
	}
	if len(read) == 0 {
		read = append(read, "no records")
	}
	fmt.Fprintf(w, "read %s: %d ties (%d new, %d updated, %d unchanged), %d skipped\n",
		strings.Join(read, ", "), r.Ties, r.TiesNew, r.TiesUpdated, r.TiesUnchanged, r.SkippedCount())
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "  %d skipped %s%s\n", s.Count, s.Reason, amounts(s.Values))
	}
	if r.Negative > 0 {
		fmt.Fprintf(w, "  %d negative values kept (corrections)%s\n", r.Negative, amounts(r.NegativeValues))
	}
	for _, x := range r.Inferred {
		fmt.Fprintf(w, "  %d %ss inferred from %s\n", x.Count, x.End, x.From)
	}
}

// amounts lists sums of money as " (USD 1200, EUR 30)".
func amounts(as []network.Amount) string {
	if len(as) == 0 {
		return ""
	}
	parts := make([]string, len(as))
	for i, a := range as {
		cur := a.Currency
		if cur == "" {
			cur = "no currency"
		}
		parts[i] = fmt.Sprintf("%s %s", cur, strconv.FormatFloat(a.Value, 'f', -1, 64))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
