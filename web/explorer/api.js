// api.js is the explorer's client of the service's own /graphql endpoint and
// the queries it sends.

const endpoint = new URL("/graphql", window.location.href).toString();

// gql runs query with variables and returns its data, or throws with the
// server's messages.
export async function gql(query, variables) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`GraphQL request failed: HTTP ${res.status}`);
  }
  if (body.errors && body.errors.length > 0) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  if (!res.ok) throw new Error(`GraphQL request failed: HTTP ${res.status}`);
  return body.data;
}

// networkQuery reads the whole network at one data version in one request:
// every actor and tie, however many, in columns.
export const networkQuery = `query ExplorerNetwork {
  networkData(network: {organsWithParent: false}) {
    actorIds actorNames actorAcronyms actorKinds actorRegions
    tieIds tieKinds tieFrom tieTo tieSince tieUntil tieWeights
  }
  places(kind: REGION) { id name }
}`;

export const searchQuery = `query ExplorerSearch($q: String!) {
  search(query: $q, first: 8) { totalCount nodes { score actor { id name acronym kind } } }
}`;

export const actorQuery = `query ExplorerActor($id: ID!) {
  actor(id: $id) {
    id name acronym kind scope aliases themes
    regions { id name } countries { id name }
    identifiers { scheme value }
    sources { title url passage record retrieved }
  }
}`;

export const actorTiesQuery = `query ExplorerActorTies($id: ID!, $after: String) {
  ties(filter: {actor: $id}, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id kind since until description weight
      from { id name acronym } to { id name acronym }
      sources { title url passage record }
    }
  }
}`;

// tieFields are the fields of a tie the details panel shows.
const tieFields = `id kind since until description weight
      from { id name acronym } to { id name acronym }
      sources { title url passage record }`;

// actorWithTiesQuery asks an actor and the ties whose IDs are in the
// variables $t0 ... $t(chunks-1), each a page of at most 100, in one
// request: the explorer knows an actor's tie IDs from networkData, so the
// panel needs one round trip however many ties the actor has.
export function actorWithTiesQuery(chunks) {
  const vars = Array.from({ length: chunks }, (_, i) => `, $t${i}: [ID!]`).join("");
  const pages = Array.from({ length: chunks }, (_, i) => `  t${i}: ties(filter: {ids: $t${i}}, first: 100) { nodes { ${tieFields} } }`).join("\n");
  return `query ExplorerActorWithTies($id: ID!${vars}) {
  actor(id: $id) {
    id name acronym kind scope aliases themes
    regions { id name } countries { id name }
    identifiers { scheme value }
    sources { title url passage record retrieved }
  }
${pages}
}`;
}

export const tiesQuery = `query ExplorerTies($ids: [ID!]) {
  ties(filter: {ids: $ids}, first: 100) {
    totalCount
    nodes {
      id kind since until description weight
      from { id name acronym } to { id name acronym }
      funding { amount currency date transactionType }
      sources { title url passage record }
    }
  }
}`;

export const centralityQuery = `query ExplorerCentrality($metric: CentralityMetric!, $network: NetworkSelection) {
  centrality(metric: $metric, network: $network, top: 1000) {
    count
    items { score actor { id } }
    method { algorithm normalization exact samples }
  }
}`;

export const actorMetricsQuery = `query ExplorerActorMetrics($id: ID!, $network: NetworkSelection) {
  actor(id: $id) {
    degree: centrality(metric: DEGREE, network: $network)
    betweenness: centrality(metric: BETWEENNESS, network: $network)
    pagerank: centrality(metric: PAGERANK, network: $network)
    eigenvector: centrality(metric: EIGENVECTOR, network: $network)
    constraint: centrality(metric: CONSTRAINT, network: $network)
  }
  d: centrality(metric: DEGREE, network: $network, top: 1) { method { algorithm normalization } }
  b: centrality(metric: BETWEENNESS, network: $network, top: 1) { method { algorithm normalization exact } }
  p: centrality(metric: PAGERANK, network: $network, top: 1) { method { algorithm normalization } }
  e: centrality(metric: EIGENVECTOR, network: $network, top: 1) { method { algorithm normalization } }
  c: centrality(metric: CONSTRAINT, network: $network, top: 1) { method { algorithm normalization } }
}`;

export const communitiesQuery = `query ExplorerCommunities($network: NetworkSelection) {
  communities(network: $network, algorithm: LOUVAIN, top: 1000) {
    count modularity
    communities { size actorIds }
    method { algorithm }
  }
}`;

// gapsQuery asks every gap view of the gaps tab at once; $coverage adds the
// funding coverage (no data / no funding / funded) where the schema has it.
// Money is converted to US dollars at the shipped yearly rates, so that
// groups funded in different currencies are compared: without convertTo a
// group funded only in euros would show no funding in the ranking currency.
export function gapsQuery(withCoverage) {
  return `query ExplorerGaps($groupBy: GapGroupBy) {
  fundingGaps(groupBy: $groupBy, top: 30, filter: {convertTo: "USD"}) {
    group name flows donors actors activity currency funding fundingShare activityShare gap explanation${withCoverage ? " coverage" : ""}
  }
  underfundedBrokers(top: 10, filter: {convertTo: "USD"}) { actor { id name kind } betweenness funding currency score explanation }
  donorConcentration(top: 10, filter: {convertTo: "USD"}) { group name hhi topShare donors currency total topDonor { id name } explanation }
  triadCoverage(top: 10) {
    region name coverage closedCount openCount explanation
    open { un { id name } regionalOrg { id name } civilSociety { id name } missing { from to } }
  }
  suggestedPartnerships(top: 10) { from { id name } to { id name } score shared { actor { id name } } explanation }
  singlePointsOfFailure(top: 10) { actors { id kind cut } bridges { from to cut } }
}`;
}

export const coverageProbe = `query ExplorerCoverageProbe { __type(name: "FundingGap") { fields { name } } }`;
