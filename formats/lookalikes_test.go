package formats_test

import (
	"reflect"
	"testing"

	"github.com/peacegraph/peacegraph/formats"
	"github.com/peacegraph/peacegraph/network"
)

func TestFlagLookalikes(t *testing.T) {
	stored := []*network.Actor{
		{ID: "ecowas", Name: "Economic Community of West African States", Acronym: "ECOWAS"},
		{ID: "imf", Name: "International Monetary Fund", Acronym: "IMF"},
		{ID: "modern-institute", Name: "Modern Institute"},
	}
	for _, tt := range []struct {
		name   string
		actors []*network.Actor
		want   []network.Lookalike
	}{
		{"CyrillicLetters", []*network.Actor{{ID: "x1", Name: "ECOW\u0410S"}, {ID: "x2", Acronym: "\u0415COWAS"}},
			[]network.Lookalike{
				{Field: "acronym", Actor: "x2", Value: "\u0415COWAS", Like: "ecowas", LikeValue: "ECOWAS"},
			}},
		{"LowercaseCyrillic", []*network.Actor{{ID: "ecow\u0430s", Name: "Other"}},
			[]network.Lookalike{{Field: "id", Actor: "ecow\u0430s", Value: "ecow\u0430s", Like: "ecowas", LikeValue: "ecowas"}}},
		{"LatinLookalikes", []*network.Actor{{ID: "x3", Acronym: "lMF"}, {ID: "x4", Name: "Modem Institute"}},
			[]network.Lookalike{
				{Field: "acronym", Actor: "x3", Value: "lMF", Like: "imf", LikeValue: "IMF"},
				{Field: "name", Actor: "x4", Value: "Modem Institute", Like: "modern-institute", LikeValue: "Modern Institute"}, // rn is m
			}},
		{"LowercaseL", []*network.Actor{{ID: "x5", Name: "Modern lnstitute"}, {ID: "x6", Name: "Moderm Institute"}},
			[]network.Lookalike{
				{Field: "name", Actor: "x5", Value: "Modern lnstitute", Like: "modern-institute", LikeValue: "Modern Institute"},
			}},
		{"WithinTheFile", []*network.Actor{{ID: "new-a", Name: "Peace Net"}, {ID: "new-b", Name: "Peace N\u0435t"}},
			[]network.Lookalike{{Field: "name", Actor: "new-b", Value: "Peace N\u0435t", Like: "new-a", LikeValue: "Peace Net"}}},
		{"OK/CaseOnly", []*network.Actor{{ID: "ECOWAS-2", Name: "economic community of west african states"}}, nil},
		{"OK/SameActorUpdated", []*network.Actor{{ID: "ecowas", Name: "Economic Community of West African States", Acronym: "ECOWAS"}}, nil},
		{"OK/Unlike", []*network.Actor{{ID: "wanep", Name: "West Africa Network for Peacebuilding", Acronym: "WANEP"}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &network.Change{Actors: tt.actors, Import: &network.ImportRecord{}}
			formats.FlagLookalikes(c, stored)
			if got := c.Import.Report.Lookalikes; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("lookalikes =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}
