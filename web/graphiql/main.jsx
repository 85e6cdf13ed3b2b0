// main.jsx mounts GraphiQL 5 on the page, pointed at the service's own
// /graphql endpoint: one tab per example query of the README (build.mjs reads
// them from it), a ?query= (and ?variables=) deep link that opens in its own
// tab, a headers template for API keys, and the query-builder explorer.
import "./workers.js";
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";

// readmeExamples are the README's ```graphql blocks with the sentence before
// each, put in at build time.
const readmeExamples = README_EXAMPLES;

// keyPlaceholder is the value of the headers template; a header still
// holding it is not sent.
const keyPlaceholder = "Bearer YOUR-API-KEY";
const headersTemplate = `{
  "Authorization": "${keyPlaceholder}"
}`;

// operationName names an anonymous example after the first words of its
// title, so that its tab has a name ("WhoWorksWithTheWest").
function operationName(title) {
  const words = title.replace(/[^A-Za-z0-9 ]+/g, " ").trim().split(/\s+/).slice(0, 5);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

const tabs = readmeExamples.map((ex) => ({
  query: `# ${ex.title.replace(/\n/g, "\n# ")}\n\n${/^\{/.test(ex.query) ? `query ${operationName(ex.title)} ${ex.query}` : ex.query}\n`,
}));

const params = new URLSearchParams(window.location.search);
const deepQuery = params.get("query");
const deepVariables = params.get("variables");

const base = createGraphiQLFetcher({ url: new URL("/graphql", window.location.href).toString() });

// fetcher drops template headers that were never filled in.
function fetcher(request, options = {}) {
  const headers = { ...(options.headers || {}) };
  for (const [k, v] of Object.entries(headers)) {
    if (v === keyPlaceholder) delete headers[k];
  }
  return base(request, { ...options, headers });
}

const explorer = explorerPlugin({ showAttribution: false });

createRoot(document.getElementById("graphiql")).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={[explorer]}
    defaultTabs={deepQuery ? [{ query: deepQuery, variables: deepVariables || undefined }, ...tabs] : tabs}
    initialQuery={deepQuery || undefined}
    initialVariables={deepVariables || undefined}
    defaultHeaders={headersTemplate}
    defaultEditorToolsVisibility={deepVariables ? "variables" : false}
  />,
);
