package analysis

import (
	_ "embed"
	"encoding/csv"
	"strings"
)

// dacRegionsCSV is the IATI Region code list (the OECD DAC recipient
// regions, IATI-Codelists version-2.03, CC BY 4.0: attribute IATI): the
// regions IATI transactions name in recipient-region vocabulary 1.
//
//go:embed dac_regions.csv
var dacRegionsCSV string

// dacRegions maps a DAC region code to its name.
var dacRegions = func() map[string]string {
	rows, err := csv.NewReader(strings.NewReader(dacRegionsCSV)).ReadAll()
	if err != nil {
		panic("analysis: dac_regions.csv: " + err.Error())
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m
}()

// dacRegionName names a recipient region that is a DAC region code, as
// "South of Sahara, regional (OECD DAC region 289)"; "" for any other ID.
func dacRegionName(id string) string {
	if name, ok := dacRegions[id]; ok {
		return name + " (OECD DAC region " + id + ")"
	}
	return ""
}
