package formats

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"golang.org/x/text/encoding/ianaindex"
)

// MaxXMLDepth is how deep elements may nest in an XML file that a reader
// reads (GraphML, GEXF, IATI). Real files nest fewer than 20 levels; a file
// that nests deeper is refused with an error naming the line, before it can
// cost stack or memory.
const MaxXMLDepth = 100

// xmlStream is the token stream every XML reader reads: a decoder whose
// tokens pass through a nesting-depth check, so that the readers' own loops,
// DecodeElement and Skip are all held to MaxXMLDepth.
type xmlStream struct {
	*xml.Decoder
	raw *depthCheck
}

// depthCheck counts open elements in the tokens of raw.
type depthCheck struct {
	raw   *xml.Decoder
	depth int
}

// errTooDeep is returned when elements nest deeper than MaxXMLDepth.
var errTooDeep = errors.New("too deep")

func (c *depthCheck) Token() (xml.Token, error) {
	tok, err := c.raw.RawToken()
	switch tok.(type) {
	case xml.StartElement:
		c.depth++
		if c.depth > MaxXMLDepth {
			return nil, errTooDeep
		}
	case xml.EndElement:
		c.depth--
	}
	return tok, err
}

// newXMLDecoder returns the xmlStream of r.
func newXMLDecoder(r io.Reader) *xmlStream {
	c := &depthCheck{raw: xml.NewDecoder(r)}
	c.raw.CharsetReader = charsetReader
	return &xmlStream{Decoder: xml.NewTokenDecoder(c), raw: c}
}

// InputPos returns the line and column in the file of the decoder's
// position.
func (d *xmlStream) InputPos() (line, column int) { return d.raw.raw.InputPos() }

// depthMessage is the text of the error for a file nested too deep.
func depthMessage() string {
	return fmt.Sprintf("elements nest deeper than %d levels", MaxXMLDepth)
}

// charsetReader decodes a file that declares an encoding other than UTF-8
// (e.g. ISO-8859-1, windows-1252) by its IANA name.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	e, err := ianaindex.IANA.Encoding(label)
	if err != nil || e == nil {
		return nil, fmt.Errorf("the file declares the encoding %q, which is not supported: save it as UTF-8", label)
	}
	return e.NewDecoder().Reader(in), nil
}
