package embedded_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/peacegraph/peacegraph/seed/synthetic"
	"github.com/peacegraph/peacegraph/store/embedded"
)

// BenchmarkImport measures one Import of a generated network into a new
// file, as `peacegraph import` does: validation, the write (in batches
// through a staging file) and the indexes. Seen before keys were sorted: 250k ties in
// 462 s, 1M ties in about 45 minutes.
//
//	go test ./store/embedded -run '^$' -bench Import -benchtime 1x
func BenchmarkImport(b *testing.B) {
	for _, ties := range []int{250_000, 1_000_000} {
		b.Run(fmt.Sprintf("ties=%d", ties), func(b *testing.B) {
			c, err := synthetic.Generate(synthetic.Options{Actors: ties / 5, Ties: ties, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			var before, after runtime.MemStats
			for b.Loop() {
				b.StopTimer()
				s, err := embedded.Open(filepath.Join(b.TempDir(), "import.db"))
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				if err := s.Import(b.Context(), c); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.ReadMemStats(&after)
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "MiB-alloc/op")
			b.ReportMetric(float64(ties)/b.Elapsed().Seconds()*float64(b.N), "ties/s")
		})
	}
}
