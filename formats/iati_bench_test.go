package formats_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

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

// repeatedActivities returns a reader of an IATI file made of copies
// copies of the activities of data, the k-th copy's identifiers prefixed
// "copy<k>-" so that no activity repeats, each copy made when the reader
// reaches it: the input of a large-file benchmark that holds one copy at a
// time, never the large file. size is the file's length.
func repeatedActivities(tb testing.TB, data []byte, copies int) (r io.Reader, size int64) {
	tb.Helper()
	start := bytes.Index(data, []byte("<iati-activity "))
	end := bytes.LastIndex(data, []byte("</iati-activities>"))
	if start < 0 || end < 0 {
		tb.Fatal("no activities")
	}
	head, body, tail := data[:start], data[start:end], data[end:]
	copyOf := func(k int) []byte {
		return bytes.ReplaceAll(body, []byte("<iati-identifier>"), []byte(fmt.Sprintf("<iati-identifier>copy%d-", k)))
	}
	size = int64(len(head) + len(tail))
	for k := 0; k < copies; k++ {
		size += int64(len(copyOf(k)))
	}
	return &lazyCopies{parts: copies, head: head, tail: tail, copyOf: copyOf}, size
}

// lazyCopies reads head, each copy in turn, then tail.
type lazyCopies struct {
	head, tail []byte
	parts, k   int
	copyOf     func(int) []byte
	cur        *bytes.Reader
}

func (l *lazyCopies) Read(p []byte) (int, error) {
	for {
		if l.cur != nil {
			if n, err := l.cur.Read(p); n > 0 || err != io.EOF {
				return n, err
			}
		}
		switch {
		case l.k == 0:
			l.cur = bytes.NewReader(l.head)
		case l.k <= l.parts:
			l.cur = bytes.NewReader(l.copyOf(l.k - 1))
		case l.k == l.parts+1:
			l.cur = bytes.NewReader(l.tail)
		default:
			return 0, io.EOF
		}
		l.k++
	}
}

// BenchmarkReadIATILarge reads about 100 MB of IATI XML (the d-portal
// file's activities eleven times over) and reports transactions per second
// and the peak heap in use, sampled every millisecond (the input holds one
// copy, 9 MB, at a time), and the heap the result (the change) holds once
// read.
func BenchmarkReadIATILarge(b *testing.B) {
	data := MustIATIFile(b, "dportal-covid-2021-06.xml.gz")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r, size := repeatedActivities(b, data, 11)
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		stop := make(chan struct{})
		peak := make(chan uint64)
		go func() {
			var m runtime.MemStats
			var top uint64
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					peak <- top
					return
				case <-t.C:
					runtime.ReadMemStats(&m)
					top = max(top, m.HeapInuse)
				}
			}
		}()
		b.SetBytes(size)
		b.StartTimer()
		start := time.Now()
		c, err := formats.ReadIATI(r, "large.xml", nil)
		elapsed := time.Since(start)
		b.StopTimer()
		close(stop)
		top := <-peak
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(c.Import.Report.Transactions)/elapsed.Seconds(), "tx/s")
		b.ReportMetric(float64(size)/(1<<20), "inputMiB")
		b.ReportMetric(float64(top)/(1<<20), "peakHeapMiB")
		b.ReportMetric(float64(len(c.Ties)), "ties")
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-min(after.HeapInuse, base.HeapInuse))/(1<<20), "resultMiB")
		runtime.KeepAlive(c)
	}
}
