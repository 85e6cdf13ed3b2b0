// Package network is the domain of peacegraph: the actors that sustain peace at
// the regional level, the ties between them, the places they work in and the
// sources that every fact carries. It imports only the standard library; the
// stores, the analysis and the GraphQL layer all speak in its types.
package network

import "strings"

// ActorKind says what sort of body an actor is.
type ActorKind string

// The actor kinds.
const (
	UNEntity             ActorKind = "UN_ENTITY"
	RegionalOrganization ActorKind = "REGIONAL_ORGANIZATION"
	CivilSociety         ActorKind = "CIVIL_SOCIETY"
	Donor                ActorKind = "DONOR"
	FinancialInstitution ActorKind = "FINANCIAL_INSTITUTION"
	Government           ActorKind = "GOVERNMENT"
	Programme            ActorKind = "PROGRAMME"
	Research             ActorKind = "RESEARCH"
	// Mechanism is a body, network or mechanism set up by or within an
	// organization, not an organization with members of its own: an organ
	// (the AU Peace and Security Council), a network (FemWise-Africa), an
	// architecture (APSA).
	Mechanism ActorKind = "MECHANISM"
	// Event is a meeting or conference. Its organizers and participants are
	// tied to it by ORGANIZED and PARTICIPATED ties: two-mode data, which
	// analyses read as it is or project into co-organizing ties when asked.
	Event      ActorKind = "EVENT"
	OtherActor ActorKind = "OTHER"
)

// ActorKinds lists every actor kind in a fixed order.
var ActorKinds = []ActorKind{UNEntity, RegionalOrganization, CivilSociety, Donor,
	FinancialInstitution, Government, Programme, Research, Mechanism, Event, OtherActor}

// Valid reports whether k is one of ActorKinds.
func (k ActorKind) Valid() bool {
	for _, v := range ActorKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Scope is the level an actor works at.
type Scope string

// The scopes. An empty Scope means the sources do not say.
const (
	Global   Scope = "GLOBAL"
	Regional Scope = "REGIONAL"
	National Scope = "NATIONAL"
	Local    Scope = "LOCAL"
)

// Valid reports whether s is a known scope or empty.
func (s Scope) Valid() bool {
	switch s {
	case "", Global, Regional, National, Local:
		return true
	}
	return false
}

// Identifier schemes used in Actor.Identifiers.
const (
	SchemeIATIOrgRef = "IATI_ORG_REF" // IATI organisation identifier, e.g. XM-DAC-41114
	SchemeCRSChannel = "CRS_CHANNEL"  // OECD CRS channel code, e.g. 47034
	SchemeCOWState   = "COW_STATE"    // Correlates of War state abbreviation, e.g. BFO
	SchemeCOWIGO     = "COW_IGO"      // Correlates of War IGO short name, e.g. ECOWAS
	SchemeISO3166    = "ISO3166"      // ISO 3166-1 alpha-2 code of a state
)

// Identifier is an external identifier of an actor in a named scheme.
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

// Attribute is a named value kept from an imported file that has no field of
// its own, so that an export gives it back.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Actor is an organization, office, body, programme, network, initiative or
// state in the network.
type Actor struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Acronym     string       `json:"acronym,omitempty"`
	Aliases     []string     `json:"aliases,omitempty"`
	Kind        ActorKind    `json:"kind"`
	Scope       Scope        `json:"scope,omitempty"`
	Regions     []string     `json:"regions,omitempty"`   // Place IDs of kind REGION
	Countries   []string     `json:"countries,omitempty"` // ISO 3166-1 alpha-2 codes
	Themes      []string     `json:"themes,omitempty"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Attributes  []Attribute  `json:"attributes,omitempty"`
	// Imported is true for an actor created by an import rather than curated.
	Imported bool     `json:"imported,omitempty"`
	Sources  []Source `json:"sources"`
}

// Identifier returns the actor's identifier in scheme, or "".
func (a *Actor) Identifier(scheme string) string {
	for _, id := range a.Identifiers {
		if id.Scheme == scheme {
			return id.Value
		}
	}
	return ""
}

// TieKind says what sort of relation a tie is.
type TieKind string

// The tie kinds. MOU, PARTNERSHIP, DIALOGUE, COLLABORATION and OTHER are
// symmetric; the rest are directed from From to To.
const (
	MOU           TieKind = "MOU"           // memorandum of understanding
	Partnership   TieKind = "PARTNERSHIP"   // operational partnership, data sharing
	Dialogue      TieKind = "DIALOGUE"      // regular dialogue between bodies
	Collaboration TieKind = "COLLABORATION" // co-organizing an event or initiative
	Membership    TieKind = "MEMBERSHIP"    // member -> organization
	Support       TieKind = "SUPPORT"       // supporter -> supported (political, operational, advisory)
	Funding       TieKind = "FUNDING"       // donor -> recipient, with a Funding record
	PartOf        TieKind = "PART_OF"       // part -> whole (office in a department, network in an architecture)
	OperatesIn    TieKind = "OPERATES_IN"   // actor -> state (the country) it operates in
	Organized     TieKind = "ORGANIZED"     // organizer -> EVENT actor
	Participated  TieKind = "PARTICIPATED"  // participant -> EVENT actor
	// SucceededBy runs from a body to the one that took over its work (the
	// former DPA to DPPA); Since is when the successor took over, after
	// which analyses no longer count the predecessor.
	SucceededBy TieKind = "SUCCEEDED_BY"
	OtherTie    TieKind = "OTHER" // relation of unknown kind (imports without kinds)
)

// TieKinds lists every tie kind in a fixed order.
var TieKinds = []TieKind{MOU, Partnership, Dialogue, Collaboration, Membership,
	Support, Funding, PartOf, OperatesIn, Organized, Participated, SucceededBy, OtherTie}

// DefaultTieKind is the kind given to an imported tie whose file names none.
const DefaultTieKind = OtherTie

// Valid reports whether k is one of TieKinds.
func (k TieKind) Valid() bool {
	for _, v := range TieKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Symmetric reports whether a tie of kind k has no direction.
func (k TieKind) Symmetric() bool {
	switch k {
	case MOU, Partnership, Dialogue, Collaboration, OtherTie:
		return true
	}
	return false
}

// Tie is a relation between two actors.
type Tie struct {
	ID          string  `json:"id"`
	Kind        TieKind `json:"kind"`
	From        string  `json:"from"` // Actor ID
	To          string  `json:"to"`   // Actor ID
	Since       Date    `json:"since,omitempty"`
	Until       Date    `json:"until,omitempty"`
	Description string  `json:"description,omitempty"`
	// Weight is the tie's strength; 1 when the source gives none.
	Weight     float64      `json:"weight"`
	Funding    *FundingFlow `json:"funding,omitempty"` // set on FUNDING ties
	Attributes []Attribute  `json:"attributes,omitempty"`
	Sources    []Source     `json:"sources"`
}

// ObservedAttribute is the attribute that holds the year (YYYY) in which
// an undated tie was observed, e.g. a membership read from a 2014 snapshot:
// the tie is known to hold then, and neither its start nor its end is known.
const ObservedAttribute = "observed"

// Observed returns the value of t's ObservedAttribute, or "".
func (t *Tie) Observed() string {
	for _, at := range t.Attributes {
		if at.Name == ObservedAttribute {
			return at.Value
		}
	}
	return ""
}

// DirectedAttribute is the attribute an import sets to "true" on an OTHER
// tie read from a directed file, whose kind alone says nothing of direction.
const DirectedAttribute = "directed"

// Directed reports whether t runs from From to To: its kind is directed, or
// it is an OTHER tie with the attribute directed=true (from a directed file).
// Analysis reads direction through it.
func (t *Tie) Directed() bool {
	if !t.Kind.Symmetric() {
		return true
	}
	if t.Kind != OtherTie {
		return false
	}
	for _, at := range t.Attributes {
		if at.Name == DirectedAttribute && strings.EqualFold(at.Value, "true") {
			return true
		}
	}
	return false
}

// Other returns the actor at the other end of t from id.
func (t *Tie) Other(id string) string {
	if t.From == id {
		return t.To
	}
	return t.From
}

// ActiveAt reports whether t holds on day d: it began on or before d (or has
// no start) and had not ended before d (or has no end). A zero d means always.
func (t *Tie) ActiveAt(d Date) bool {
	if d == "" {
		return true
	}
	if t.Since != "" && t.Since.First() > d.First() {
		return false
	}
	if t.Until != "" && t.Until.Last() < d.First() {
		return false
	}
	return true
}

// Transaction types of IATI's TransactionType code list that a FundingFlow
// can carry.
const (
	IncomingFunds      = "1"
	OutgoingCommitment = "2"
	Disbursement       = "3"
	Expenditure        = "4"
	IncomingCommitment = "11"
)

// FundingFlow is the money on a FUNDING tie: one transaction, or one
// aggregate a source states. Amounts in different currencies are never added
// without a stated rate.
type FundingFlow struct {
	Amount           float64       `json:"amount"`
	Currency         string        `json:"currency"` // ISO 4217
	Date             Date          `json:"date,omitempty"`
	TransactionType  string        `json:"transactionType,omitempty"` // IATI TransactionType code
	Sectors          []SectorShare `json:"sectors,omitempty"`
	RecipientCountry string        `json:"recipientCountry,omitempty"` // ISO 3166-1 alpha-2
	RecipientRegion  string        `json:"recipientRegion,omitempty"`  // IATI region code or Place ID
	ActivityID       string        `json:"activityId,omitempty"`       // IATI activity identifier
	TransactionRef   string        `json:"transactionRef,omitempty"`
	// ReportingOrg is the IATI organisation ref of the publisher that
	// reported the transaction (the activity's reporting-org).
	ReportingOrg string `json:"reportingOrg,omitempty"`
	// Dataset is the IATI Registry dataset the activity was published in
	// (d-portal's dstore:dataset, e.g. "undp-mli"), or the table a
	// statistical flow comes from.
	Dataset string `json:"dataset,omitempty"`
	// ProviderActivityID and ReceiverActivityID are the provider-org's
	// provider-activity-id and the receiver-org's receiver-activity-id: the
	// activities on the other side of the same money, which link a
	// provider's disbursement to the receiver's incoming funds.
	ProviderActivityID string `json:"providerActivityId,omitempty"`
	ReceiverActivityID string `json:"receiverActivityId,omitempty"`
}

// SectorShare is a DAC 5-digit sector code with its share in percent.
type SectorShare struct {
	Code       string  `json:"code"`
	Percentage float64 `json:"percentage"`
}

// PlaceKind says whether a place is a country or a region.
type PlaceKind string

// The place kinds.
const (
	Country PlaceKind = "COUNTRY"
	Region  PlaceKind = "REGION"
)

// Place is a country (ID: ISO 3166-1 alpha-2) or a region (ID: a slug such as
// "west-africa"), so that actors and gaps can be grouped by place.
type Place struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	Kind PlaceKind `json:"kind"`
	// ISO3 is a country's ISO 3166-1 alpha-3 code.
	ISO3 string `json:"iso3,omitempty"`
	// Latitude and Longitude are a country's centroid in decimal degrees
	// (WGS 84); nil when unknown.
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`
	// Parent is the region a region lies in (e.g. "africa" for
	// "west-africa"); empty for a country or a top region.
	Parent  string   `json:"parent,omitempty"`
	Regions []string `json:"regions,omitempty"` // for a country: the regions it lies in
	Sources []Source `json:"sources,omitempty"`
}

// Source is the provenance of a fact: a document and the quoted passage, or a
// dataset and the record.
type Source struct {
	Title     string `json:"title"`               // document title or dataset name
	URL       string `json:"url,omitempty"`       // URL or file name
	Passage   string `json:"passage,omitempty"`   // quoted passage of a document
	Record    string `json:"record,omitempty"`    // record id in a dataset
	Retrieved string `json:"retrieved,omitempty"` // date retrieved, YYYY-MM-DD
}
