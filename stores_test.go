package main

import (
	"testing"

	"github.com/peacegraph/peacegraph/store/neo4j/neo4jtest"
)

// storeKind is one store the service can run on, and the environment that
// makes run use it.
type storeKind struct {
	name string
	// env claims the store for tb and returns the environment for run;
	// nil means the embedded file that MustServe names with --data.
	env func(tb testing.TB) map[string]string
}

// storeKinds are the stores every service test runs on: the embedded file,
// and the Neo4j database named by NEO4J_URI, wiped and held for the test
// (neo4jtest.Claim). Without NEO4J_URI the Neo4j case fails under CI and is
// skipped elsewhere.
var storeKinds = []storeKind{
	{"Embedded", func(testing.TB) map[string]string { return nil }},
	{"Neo4j", func(tb testing.TB) map[string]string { return neo4jtest.Env(neo4jtest.Claim(tb)) }},
}

// forEachStore runs test once per store kind, as a subtest named for it,
// with the environment that selects that store.
func forEachStore(t *testing.T, test func(t *testing.T, env map[string]string)) {
	for _, k := range storeKinds {
		t.Run(k.name, func(t *testing.T) { test(t, k.env(t)) })
	}
}

// withEnv returns env with the variables of more added.
func withEnv(env map[string]string, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}
