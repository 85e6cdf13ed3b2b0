package analysis

import (
	"context"
	"math"
	"slices"
)

// LayoutIterations is the number of force-directed steps of Layout.
const LayoutIterations = 100

// Layout places n nodes joined by pairs (indexes into 0..n-1) with Fruchterman and Reingold's
// force-directed method: a fixed number of steps from a circle, with a
// cooling step size, then scaled into [-1, 1]². It uses no randomness, so
// the same graph always gets the same picture. It checks ctx after every
// step (each O(n²)) and reports the fraction of steps done.
func Layout(ctx context.Context, n int, pairs [][2]int) (x, y []float64, err error) {
	x, y = make([]float64, n), make([]float64, n)
	t := newTracker(ctx, LayoutIterations)
	if err := t.err(); err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return x, y, nil
	}
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		x[i], y[i] = math.Cos(a), math.Sin(a)
	}
	if n == 1 {
		x[0], y[0] = 0, 0
		return x, y, nil
	}
	k := math.Sqrt(4 / float64(n)) // ideal distance in a 2×2 square
	dx, dy := make([]float64, n), make([]float64, n)
	temp := 0.2
	for range LayoutIterations {
		if err := t.step(1); err != nil {
			return nil, nil, err
		}
		clear(dx)
		clear(dy)
		for i := range n {
			for j := i + 1; j < n; j++ {
				ex, ey := x[i]-x[j], y[i]-y[j]
				d2 := max(ex*ex+ey*ey, 1e-9)
				f := k * k / d2 // repulsion k²/d, along the unit vector
				dx[i] += ex * f
				dy[i] += ey * f
				dx[j] -= ex * f
				dy[j] -= ey * f
			}
		}
		for _, e := range pairs {
			i, j := e[0], e[1]
			ex, ey := x[i]-x[j], y[i]-y[j]
			d := math.Sqrt(ex*ex + ey*ey)
			f := d / k // attraction d²/k, along the unit vector
			dx[i] -= ex * f
			dy[i] -= ey * f
			dx[j] += ex * f
			dy[j] += ey * f
		}
		for i := range n {
			l := math.Sqrt(dx[i]*dx[i] + dy[i]*dy[i])
			if l > 0 {
				s := math.Min(l, temp) / l
				x[i] += dx[i] * s
				y[i] += dy[i] * s
			}
		}
		temp *= 0.97
	}
	// Centre and scale into [-1, 1]².
	minX, maxX := slices.Min(x), slices.Max(x)
	minY, maxY := slices.Min(y), slices.Max(y)
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	half := math.Max(maxX-minX, maxY-minY) / 2
	if half == 0 {
		half = 1
	}
	for i := range n {
		x[i] = round6((x[i] - cx) / half)
		y[i] = round6((y[i] - cy) / half)
	}
	t.finish()
	return x, y, nil
}

// round6 keeps six decimals: enough for any screen, and small responses.
func round6(v float64) float64 { return math.Round(v*1e6)/1e6 + 0 } // + 0 turns -0 into 0
