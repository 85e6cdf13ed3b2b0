package formats_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
)

// BenchmarkReadIATI reads the real d-portal file (9 MB, 746 activities,
// 4,760 transactions) and reports transactions read per second and the
// heap in use once the change is built.
func BenchmarkReadIATI(b *testing.B) {
	data := MustIATIFile(b, "dportal-covid-2021-06.xml.gz")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	var tx int
	for i := 0; i < b.N; i++ {
		c, err := formats.ReadIATI(bytes.NewReader(data), "dportal.xml", nil)
		if err != nil {
			b.Fatal(err)
		}
		tx += c.Import.Report.Transactions
	}
	b.ReportMetric(float64(tx)/b.Elapsed().Seconds(), "tx/s")
	b.StopTimer()
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heapMiB")
}
