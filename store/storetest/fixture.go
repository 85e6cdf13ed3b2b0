package storetest

import "github.com/peacegraph/peacegraph/network"

// Fixture returns a new copy of the conformance network: twelve actors of
// most kinds in West Africa, the Sahel and the Horn of Africa, sixteen ties
// of every common kind with dates at each precision (three of them FUNDING),
// and six places. Every call builds fresh values, so a caller may change
// them.
//
// It is shaped to make filters tell apart: an actor found only by an alias
// ("CEDEAO"), a name in lower case ("swisspeace") that sorts differently with
// and without case, two actors with the same name, symmetric ties with the
// asked actor at either end, and ties that start, end or hold across the
// periods the suite asks about.
func Fixture() *network.Change {
	src := func(record string) []network.Source {
		return []network.Source{{Title: "peacegraph conformance fixture", Record: record}}
	}
	return &network.Change{
		Places: []*network.Place{
			{ID: "west-africa", Name: "West Africa", Kind: network.Region,
				Sources: []network.Source{{Title: "peacegraph conformance fixture", URL: "fixture.json", Record: "place/west-africa", Retrieved: "2024-05-01"}}},
			{ID: "africa", Name: "Africa", Kind: network.Region},
			{ID: "sahel", Name: "Sahel", Kind: network.Region, Parent: "africa"},
			{ID: "horn-of-africa", Name: "Horn of Africa", Kind: network.Region},
			{ID: "NG", Name: "Nigeria", Kind: network.Country, ISO3: "NGA", Latitude: ptr(9.59), Longitude: ptr(8.09),
				Regions: []string{"west-africa"}},
			{ID: "GH", Name: "Ghana", Kind: network.Country, Regions: []string{"west-africa"}},
			{ID: "ML", Name: "Mali", Kind: network.Country, Regions: []string{"west-africa", "sahel"}},
		},
		Actors: []*network.Actor{
			{ID: "un-dppa", Name: "Department of Political and Peacebuilding Affairs", Acronym: "DPPA",
				Aliases: []string{"UN DPPA"}, Kind: network.UNEntity, Scope: network.Global,
				Themes: []string{"conflict-prevention", "mediation"}, Sources: src("actor/un-dppa")},
			{ID: "unowas", Name: "United Nations Office for West Africa and the Sahel", Acronym: "UNOWAS",
				Kind: network.UNEntity, Scope: network.Regional, Regions: []string{"west-africa", "sahel"},
				Countries: []string{"ML"}, Themes: []string{"conflict-prevention", "early-warning"}, Sources: src("actor/unowas")},
			{ID: "ecowas", Name: "Economic Community of West African States", Acronym: "ECOWAS",
				Aliases: []string{"CEDEAO", "Communauté économique des États de l'Afrique de l'Ouest"},
				Kind:    network.RegionalOrganization, Scope: network.Regional, Regions: []string{"west-africa"},
				Countries: []string{"NG", "GH", "ML"}, Themes: []string{"early-warning", "mediation"},
				Identifiers: []network.Identifier{{Scheme: network.SchemeCOWIGO, Value: "ECOWAS"}},
				Attributes:  []network.Attribute{{Name: "founded", Value: "1975"}, {Name: "seat", Value: "Abuja"}},
				Sources: []network.Source{
					{Title: "peacegraph conformance fixture", Record: "actor/ecowas"},
					{Title: "Fixture document", URL: "https://example.org/fixture.pdf", Passage: "a quoted passage, with “typographic” quotes", Retrieved: "2024-05-01"},
				}},
			{ID: "wanep", Name: "West Africa Network for Peacebuilding", Acronym: "WANEP",
				Kind: network.CivilSociety, Scope: network.Regional, Regions: []string{"west-africa"},
				Countries: []string{"GH", "NG"}, Themes: []string{"early-warning", "peacebuilding"}, Sources: src("actor/wanep")},
			{ID: "au", Name: "African Union", Acronym: "AU", Aliases: []string{"Union africaine"},
				Kind: network.RegionalOrganization, Scope: network.Regional,
				Regions: []string{"west-africa", "sahel", "horn-of-africa"}, Themes: []string{"mediation"}, Sources: src("actor/au")},
			{ID: "igad", Name: "Intergovernmental Authority on Development", Acronym: "IGAD",
				Kind: network.RegionalOrganization, Scope: network.Regional, Regions: []string{"horn-of-africa"},
				Themes: []string{"early-warning"}, Sources: src("actor/igad")},
			{ID: "pbf", Name: "Peacebuilding Fund", Acronym: "PBF", Aliases: []string{"UN Peacebuilding Fund"},
				Kind: network.Programme, Scope: network.Global, Themes: []string{"peacebuilding"},
				Identifiers: []network.Identifier{{Scheme: network.SchemeIATIOrgRef, Value: "XM-FIXTURE-PBF"}}, Sources: src("actor/pbf")},
			{ID: "sweden", Name: "Sweden", Kind: network.Donor, Scope: network.National, Countries: []string{"SE"},
				Identifiers: []network.Identifier{{Scheme: network.SchemeISO3166, Value: "SE"}, {Scheme: network.SchemeCRSChannel, Value: "11000"}},
				Sources:     src("actor/sweden")},
			{ID: "world-bank", Name: "World Bank", Aliases: []string{"International Bank for Reconstruction and Development"},
				Kind: network.FinancialInstitution, Scope: network.Global, Sources: src("actor/world-bank")},
			{ID: "swisspeace", Name: "swisspeace", Kind: network.Research, Countries: []string{"CH"},
				Themes: []string{"mediation", "peacebuilding"}, Imported: true, Sources: src("actor/swisspeace")},
			{ID: "newc-ng", Name: "National Early Warning Centre", Kind: network.Government, Scope: network.National,
				Countries: []string{"NG"}, Themes: []string{"early-warning"}, Sources: src("actor/newc-ng")},
			{ID: "newc-gh", Name: "National Early Warning Centre", Kind: network.Government, Scope: network.National,
				Countries: []string{"GH"}, Themes: []string{"early-warning"}, Sources: src("actor/newc-gh")},
		},
		Ties: []*network.Tie{
			{ID: "t01", Kind: network.MOU, From: "ecowas", To: "wanep", Since: "2002", Weight: 3,
				Description: "early-warning partnership", Sources: src("tie/t01")},
			{ID: "t02", Kind: network.Partnership, From: "unowas", To: "ecowas", Since: "2016", Weight: 1, Sources: src("tie/t02")},
			{ID: "t03", Kind: network.Dialogue, From: "un-dppa", To: "au", Since: "2017-04", Weight: 2.25, Sources: src("tie/t03")},
			{ID: "t04", Kind: network.PartOf, From: "ecowas", To: "au", Since: "2008-01-28", Weight: 1, Sources: src("tie/t04")},
			{ID: "t05", Kind: network.Membership, From: "sweden", To: "world-bank", Since: "1951", Weight: 1, Sources: src("tie/t05")},
			{ID: "t06", Kind: network.Funding, From: "sweden", To: "pbf", Since: "2020", Until: "2020", Weight: 1,
				Funding: &network.FundingFlow{Amount: 12500000.5, Currency: "USD", Date: "2020-06-15",
					TransactionType: network.Disbursement,
					Sectors:         []network.SectorShare{{Code: "15220", Percentage: 60}, {Code: "15110", Percentage: 40}},
					RecipientRegion: "west-africa", ActivityID: "SE-FIXTURE-1", TransactionRef: "tx-1"},
				Sources: src("tie/t06")},
			{ID: "t07", Kind: network.Funding, From: "pbf", To: "wanep", Since: "2019-03", Until: "2021-02", Weight: 1.5,
				Funding: &network.FundingFlow{Amount: 1500000, Currency: "EUR", Date: "2019",
					TransactionType: network.OutgoingCommitment, RecipientCountry: "GH"},
				Sources: src("tie/t07")},
			{ID: "t08", Kind: network.Funding, From: "world-bank", To: "igad", Since: "2018", Weight: 1,
				Funding: &network.FundingFlow{Amount: 0.1, Currency: "USD"}, Sources: src("tie/t08")},
			{ID: "t09", Kind: network.Support, From: "un-dppa", To: "unowas", Since: "2002", Weight: 1, Sources: src("tie/t09")},
			{ID: "t10", Kind: network.Support, From: "swisspeace", To: "au", Since: "2015", Until: "2018-06", Weight: 1, Sources: src("tie/t10")},
			{ID: "t11", Kind: network.Partnership, From: "wanep", To: "newc-gh", Since: "2019", Weight: 1, Sources: src("tie/t11")},
			{ID: "t12", Kind: network.Partnership, From: "newc-ng", To: "wanep", Since: "2019-09-24", Until: "2022-12", Weight: 1, Sources: src("tie/t12")},
			{ID: "t13", Kind: network.Collaboration, From: "swisspeace", To: "wanep", Since: "2021-05", Until: "2021-05", Weight: 1,
				Attributes: []network.Attribute{{Name: "event", Value: "regional dialogue"}}, Sources: src("tie/t13")},
			{ID: "t14", Kind: network.MOU, From: "au", To: "igad", Since: "2008", Until: "2012", Weight: 1, Sources: src("tie/t14")},
			{ID: "t15", Kind: network.Dialogue, From: "pbf", To: "ecowas", Since: "2022", Weight: 1, Sources: src("tie/t15")},
			{ID: "t16", Kind: network.Support, From: "unowas", To: "ecowas", Weight: 0.5,
				Attributes: []network.Attribute{{Name: "label", Value: "imported without dates"}}, Sources: src("tie/t16")},
		},
	}
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
