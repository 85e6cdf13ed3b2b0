package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// runImport reads the files and writes them to the store as one change:
// all of them or, on any error or signal, none (the embedded store writes a
// large change into a staging file that replaces its file whole).
func runImport(ctx context.Context, cfg config, stdout io.Writer) error {
	return withStore(ctx, cfg, func(store network.Store) error {
		return importInto(ctx, cfg, store, stdout)
	})
}

// importInto reads cfg.files and writes them to store, reporting to stdout.
func importInto(ctx context.Context, cfg config, store network.Store, stdout io.Writer) error {
	// IATI organisations are matched to the actors already stored.
	snap, err := store.Snapshot(ctx, false)
	if err != nil {
		return err
	}
	c, err := formats.ImportFilesKnown(cfg.files, snap.Actors)
	if err != nil {
		return err
	}
	if isTerminal(stdout) {
		ctx = embedded.WithProgress(ctx, func(done, total int) {
			fmt.Fprintf(stdout, "\rwriting %d of %d items (%d%%)", done, total, done*100/max(total, 1))
			if done == total {
				fmt.Fprintln(stdout)
			}
		})
	}
	if err := apply(ctx, store, c); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("import stopped by a signal: nothing was written to %s", storeName(cfg))
		}
		return err
	}
	fmt.Fprintf(stdout, "imported %d actors, %d ties, %d places into %s\n", len(c.Actors), len(c.Ties), len(c.Places), storeName(cfg))
	if c.Import != nil {
		writeReport(stdout, c.Import)
	}
	return nil
}

// apply writes c, which was read for this import alone, to store: the
// embedded store takes c's items over instead of copying them, so that a
// large import is held in memory once.
func apply(ctx context.Context, store network.Store, c *network.Change) error {
	if e, ok := store.(*embedded.Store); ok {
		return e.Import(ctx, c)
	}
	return store.Apply(ctx, c)
}

// isTerminal reports whether w is a terminal, where a progress line can be
// redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
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
	if len(r.Lookalikes) > 0 {
		fmt.Fprintf(w, "%d lookalikes (written; check that each is not a spoof of the actor it looks like):\n", len(r.Lookalikes))
		for _, l := range r.Lookalikes {
			fmt.Fprintf(w, "  actor %+q: %s %+q looks like %+q of actor %+q\n", l.Actor, l.Field, l.Value, l.LikeValue, l.Like)
		}
	}
}

// amounts lists sums of money rounded to cents as " (USD 1200.00, EUR
// 30.50)"; the API and the stored report keep them as summed.
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
		parts[i] = fmt.Sprintf("%s %s", cur, strconv.FormatFloat(a.Value, 'f', 2, 64))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
