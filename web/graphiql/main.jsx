// main.jsx mounts GraphiQL on the page, pointed at the service's own /graphql
// endpoint, with a first query an analyst would run on the seed network.
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/style.css";

const defaultQuery = `# peacegraph: the network of actors that sustain peace at the regional level.
#
# Regional and sub-regional organizations, with the actors they are tied to:
# memoranda of understanding, partnerships, memberships, dialogues, funding.
# Press Ctrl-Enter (or the run button) to run; open the Docs pane for every
# field, including analytics (centrality, brokerage, gaps).

query RegionalOrganizations {
  actors(filter: { kinds: [REGIONAL_ORGANIZATION] }, first: 20) {
    totalCount
    nodes {
      id
      name
      acronym
      ties(first: 20) {
        totalCount
        nodes {
          kind
          from { id name }
          to { id name kind }
        }
      }
    }
  }
}
`;

const fetcher = createGraphiQLFetcher({
  url: new URL("/graphql", window.location.href).toString(),
});

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility={false} />,
);
