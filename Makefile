# peacegraph: the two commands a developer needs are `make run` (or plain
# `go run .`) and `make test`. Both work on a fresh machine.

.PHONY: run test generate bench neo4j-start neo4j-stop

# run serves the seed network on the embedded store at http://127.0.0.1:8080.
run:
	go run .

# test installs what the tests need (Chromium, npm packages, the Neo4j
# launcher), starts a real Neo4j, runs every test and stops Neo4j again.
test:
	bash tools/test.sh

# generate regenerates the GraphQL code from graph/*.graphqls.
generate:
	go generate ./...

# bench runs the Go benchmarks of the analysis kernels and the stores.
bench:
	go test -run '^$$' -bench . -benchmem ./analysis/ ./store/...

neo4j-start:
	tools/neo4j/neo4j.sh start

neo4j-stop:
	tools/neo4j/neo4j.sh stop
