package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/peacegraph/peacegraph/analysis"
	"github.com/peacegraph/peacegraph/graph"
	"github.com/peacegraph/peacegraph/graph/model"
	"github.com/peacegraph/peacegraph/network"
)

// analyzeConfig is what the analyze command reads from its flags.
type analyzeConfig struct {
	metric   string
	top      int
	tieKinds string
	directed bool
	weight   string
	samples  int
	seed     int64
	json     bool
	// communities, when set, is the community algorithm run instead of a
	// centrality metric, with resolution and restarts (0: the default).
	communities string
	resolution  float64
	restarts    int
}

// runAnalyze computes one centrality metric (or, with --communities, a
// partition into communities) over the store's network, with no budget,
// and prints the top actors (the largest communities); on a terminal a
// progress bar on standard error shows the fraction of the work done and
// the time left. SIGINT stops it (the kernel checks its context).
func runAnalyze(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	ac := cfg.analyze
	metric := model.CentralityMetric(strings.ToUpper(ac.metric))
	algo := model.CommunityAlgorithm(strings.ToUpper(ac.communities))
	switch {
	case ac.communities != "" && !algo.IsValid():
		return fmt.Errorf("analyze: --communities %q is not one of LOUVAIN, LEIDEN, LABEL_PROPAGATION", ac.communities)
	case ac.communities == "" && !metric.IsValid():
		return fmt.Errorf("analyze: --metric %q is not one of %s", ac.metric, joinMetrics())
	}
	if ac.top < 1 {
		return fmt.Errorf("analyze: --top must be at least 1, got %d", ac.top)
	}
	sel := analysis.Selection{Directed: ac.directed, Weight: analysis.WeightMode(strings.ToUpper(ac.weight))}
	for _, k := range strings.Split(ac.tieKinds, ",") {
		if k = strings.TrimSpace(k); k != "" {
			sel.TieKinds = append(sel.TieKinds, network.TieKind(strings.ToUpper(k)))
		}
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	snap, _, err := network.ReadSnapshot(ctx, store)
	if err != nil {
		return err
	}
	p, err := analysis.Project(snap, sel)
	if err != nil {
		return err
	}
	if ac.communities != "" {
		return analyzeCommunities(ctx, ac, algo, p, stdout)
	}
	opts := &model.CentralityOptions{}
	if ac.samples > 0 {
		opts.Samples, opts.Seed = &ac.samples, new(int)
		*opts.Seed = int(ac.seed)
	}
	bar := newProgressBar(os.Stderr, fmt.Sprintf("%s over %d actors", metric, p.N()))
	s, err := graph.Scores(analysis.WithProgress(ctx, bar.set), p, metric, opts)
	bar.done(err == nil)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range snap.Actors {
		names[a.ID] = a.Name
	}
	ranked := s.Ranked(ac.top)
	if ac.json {
		type item struct {
			Rank  int     `json:"rank"`
			ID    string  `json:"id"`
			Name  string  `json:"name"`
			Score float64 `json:"score"`
		}
		out := struct {
			Metric string          `json:"metric"`
			Count  int             `json:"count"`
			Method analysis.Method `json:"method"`
			Items  []item          `json:"items"`
		}{Metric: string(metric), Count: len(s.IDs), Method: s.Method}
		for i, x := range ranked {
			out.Items = append(out.Items, item{Rank: i + 1, ID: x.ID, Name: names[x.ID], Score: x.Value})
		}
		return writeIndented(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\tscore\tid\tname\n")
	for i, x := range ranked {
		fmt.Fprintf(tw, "%d\t%.9g\t%s\t%s\n", i+1, x.Value, x.ID, names[x.ID])
	}
	m := s.Method
	fmt.Fprintf(tw, "\n%s; normalization %s; exact %t; %d actors", m.Algorithm, m.Normalization, m.Exact, len(s.IDs))
	if m.Notes != "" {
		fmt.Fprintf(tw, "; %s", m.Notes)
	}
	fmt.Fprintln(tw)
	return tw.Flush()
}

// analyzeCommunities partitions p by algo and prints the ac.top largest
// communities.
func analyzeCommunities(ctx context.Context, ac analyzeConfig, algo model.CommunityAlgorithm, p *analysis.Projection, stdout io.Writer) error {
	seed := int(ac.seed)
	var restarts *int
	if ac.restarts != 0 {
		restarts = &ac.restarts
	}
	what := fmt.Sprintf("%s over %d actors", algo, p.N())
	if algo == model.CommunityAlgorithmLabelPropagation || analysis.Restarts(p, ac.restarts) == 1 {
		what += " (one run: no progress until done)"
	}
	bar := newProgressBar(os.Stderr, what)
	part, err := graph.Communities(analysis.WithProgress(ctx, bar.set), p, algo, &ac.resolution, &seed, restarts)
	bar.done(err == nil)
	if err != nil {
		return err
	}
	shown := part.Communities[:min(ac.top, len(part.Communities))]
	if ac.json {
		type community struct {
			Size     int      `json:"size"`
			ActorIDs []string `json:"actorIds"`
		}
		out := struct {
			Algorithm   string          `json:"algorithm"`
			Count       int             `json:"count"`
			Modularity  float64         `json:"modularity"`
			Method      analysis.Method `json:"method"`
			Communities []community     `json:"communities"`
		}{Algorithm: string(algo), Count: len(part.Communities), Modularity: part.Modularity, Method: part.Method, Communities: []community{}}
		for _, c := range shown {
			out.Communities = append(out.Communities, community{Size: len(c), ActorIDs: c})
		}
		return writeIndented(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\tsize\tfirst actors\n")
	for i, c := range shown {
		first := c[:min(5, len(c))]
		more := ""
		if len(c) > len(first) {
			more = ", ..."
		}
		fmt.Fprintf(tw, "%d\t%d\t%s%s\n", i+1, len(c), strings.Join(first, ", "), more)
	}
	m := part.Method
	fmt.Fprintf(tw, "\n%s; %d communities; modularity %.6f; %d actors", m.Algorithm, len(part.Communities), part.Modularity, p.N())
	if m.Notes != "" {
		fmt.Fprintf(tw, "; %s", m.Notes)
	}
	fmt.Fprintln(tw)
	return tw.Flush()
}

func joinMetrics() string {
	var names []string
	for _, m := range model.AllCentralityMetric {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}

// progressBar draws the progress of one computation on a terminal, and
// nothing when w is not one.
type progressBar struct {
	w     io.Writer
	what  string
	start time.Time
	on    bool

	mu   sync.Mutex
	last time.Time
}

func newProgressBar(f *os.File, what string) *progressBar {
	fi, err := f.Stat()
	on := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &progressBar{w: f, what: what, start: time.Now(), on: on}
}

// set draws fraction done, at most ten times a second.
func (b *progressBar) set(done float64) {
	if !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if now.Sub(b.last) < 100*time.Millisecond && done < 1 {
		return
	}
	b.last = now
	fmt.Fprint(b.w, "\r"+progressLine(b.what, done, now.Sub(b.start)))
}

// done ends the bar's line.
func (b *progressBar) done(ok bool) {
	if !b.on {
		return
	}
	if ok {
		b.set(1)
	}
	fmt.Fprintln(b.w)
}

// progressLine is one state of the bar: what, a 30-cell bar, the percent
// done, the time taken and an estimate of the time left.
func progressLine(what string, done float64, elapsed time.Duration) string {
	const width = 30
	cells := int(done * width)
	bar := strings.Repeat("=", cells) + strings.Repeat(" ", width-cells)
	line := fmt.Sprintf("%s [%s] %5.1f%% %s", what, bar, 100*done, elapsed.Round(100*time.Millisecond))
	if done > 0 && done < 1 {
		left := time.Duration(float64(elapsed) * (1 - done) / done)
		line += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return line
}

// writeIndented writes v to w as JSON indented by two spaces.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
