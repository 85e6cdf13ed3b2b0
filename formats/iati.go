package formats

import (
	"io"

	"github.com/peacegraph/peacegraph/network"
)

// ReadIATI reads an IATI activity file. It is not yet supported.
func ReadIATI(r io.Reader, name string, known []*network.Actor) (*network.Change, error) {
	return nil, network.Errorf(network.EINVALID, "%s: IATI activity files cannot be imported yet", name)
}
