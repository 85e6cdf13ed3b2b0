// main.js is the network explorer: it pages through the actors and their ties
// over the service's own /graphql endpoint, lays the network out with
// ForceAtlas2 from seeded positions and draws it with sigma.js. Nodes are
// coloured by actor kind, edges by tie kind; clicking a node shows the actor's
// details and sources.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import "./style.css";

const endpoint = new URL("/graphql", window.location.href).toString();

// pageSize is the number of actors asked for per page. The API serves up to
// 100, but 100 actors with up to 100 ties each is over the service's query
// complexity limit; 50 stays well under it.
const pageSize = 50;

// layoutIterations is the fixed number of ForceAtlas2 iterations, so that the
// same network is always drawn the same way.
const layoutIterations = 300;

const actorKindColors = {
  UN_ENTITY: "#0072B2",
  REGIONAL_ORGANIZATION: "#E69F00",
  CIVIL_SOCIETY: "#009E73",
  DONOR: "#CC79A7",
  FINANCIAL_INSTITUTION: "#882255",
  GOVERNMENT: "#56B4E9",
  PROGRAMME: "#D55E00",
  RESEARCH: "#B8A200",
  OTHER: "#999999",
};

const tieKindColors = {
  MOU: "#E41A1C",
  PARTNERSHIP: "#377EB8",
  DIALOGUE: "#984EA3",
  COLLABORATION: "#F781BF",
  MEMBERSHIP: "#4DAF4A",
  SUPPORT: "#FF7F00",
  FUNDING: "#A65628",
  PART_OF: "#666666",
  OPERATES_IN: "#66C2A5",
  OTHER: "#BBBBBB",
};

// symmetricTieKinds are drawn as lines; every other kind is directed and drawn
// as an arrow from -> to.
const symmetricTieKinds = new Set(["MOU", "PARTNERSHIP", "DIALOGUE", "COLLABORATION"]);

const actorsQuery = `query ExplorerActors($first: Int, $after: String) {
  actors(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name acronym kind
      ties(first: 100) { nodes { id kind from { id } to { id } } }
    }
  }
}`;

const actorQuery = `query ExplorerActor($id: ID!) {
  actor(id: $id) {
    id name acronym kind aliases
    sources { title passage record }
  }
}`;

const $ = (id) => document.getElementById(id);

// el makes an element with text content; data never goes through innerHTML.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) {
    node.append(child);
  }
  return node;
}

async function gql(query, variables) {
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
  if (!res.ok) {
    throw new Error(`GraphQL request failed: HTTP ${res.status}`);
  }
  return body.data;
}

// loadActors pages through every actor with its ties.
async function loadActors(onPage) {
  const actors = [];
  let after = null;
  for (;;) {
    const data = await gql(actorsQuery, { first: pageSize, after });
    const page = data.actors;
    actors.push(...page.nodes);
    onPage(actors.length, page.totalCount);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || page.nodes.length === 0) {
      return actors;
    }
    after = page.pageInfo.endCursor;
  }
}

// hash is a 32-bit FNV-1a hash, the seed of an actor's start position.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// buildGraph turns the actors and their ties into a graphology graph. A tie is
// listed by both of its ends; it becomes one edge.
function buildGraph(actors) {
  const graph = new Graph({ multi: true, type: "mixed", allowSelfLoops: false });
  for (const a of actors) {
    if (graph.hasNode(a.id)) continue;
    const h = hash(a.id);
    graph.addNode(a.id, {
      label: a.acronym || a.name,
      name: a.name,
      acronym: a.acronym,
      kind: a.kind,
      color: actorKindColors[a.kind] || actorKindColors.OTHER,
      x: ((h & 0xffff) / 0xffff) * 100,
      y: ((h >>> 16) / 0xffff) * 100,
    });
  }
  for (const a of actors) {
    for (const t of a.ties?.nodes || []) {
      const from = t.from.id;
      const to = t.to.id;
      if (graph.hasEdge(t.id) || from === to || !graph.hasNode(from) || !graph.hasNode(to)) continue;
      const attrs = { kind: t.kind, color: tieKindColors[t.kind] || tieKindColors.OTHER, size: 1.5 };
      if (symmetricTieKinds.has(t.kind)) {
        graph.addUndirectedEdgeWithKey(t.id, from, to, { ...attrs, type: "line" });
      } else {
        graph.addDirectedEdgeWithKey(t.id, from, to, { ...attrs, type: "arrow" });
      }
    }
  }
  graph.forEachNode((node) => {
    graph.setNodeAttribute(node, "size", 4 + 2 * Math.sqrt(graph.degree(node)));
  });
  return graph;
}

function layout(graph) {
  if (graph.order < 2) return;
  const settings = forceAtlas2.inferSettings(graph);
  forceAtlas2.assign(graph, { iterations: layoutIterations, settings: { ...settings, barnesHutOptimize: graph.order > 500 } });
}

function renderLegend() {
  const item = (color, name, line) =>
    el("li", {}, el("span", { className: line ? "swatch line" : "swatch", style: `background:${color}` }), name);
  $("legend").replaceChildren(
    el("h3", { textContent: "Actor kinds" }),
    el("ul", {}, ...Object.entries(actorKindColors).map(([k, c]) => item(c, k, false))),
    el("h3", { textContent: "Tie kinds" }),
    el("ul", {}, ...Object.entries(tieKindColors).map(([k, c]) => item(c, k, true))),
  );
}

function showStatus(message) {
  $("status").textContent = message;
}

// state is what the reducers read: the selected actor and the search matches.
const state = { selected: null, matches: null };

function nodeReducer(graph) {
  return (node, data) => {
    const res = { ...data };
    const focus = state.selected;
    if (state.matches && !state.matches.has(node)) {
      res.color = "#e2e2e2";
      res.label = "";
    } else if (focus && node !== focus && !graph.areNeighbors(node, focus)) {
      res.color = "#e2e2e2";
      res.label = "";
    }
    if (node === focus || (state.matches && state.matches.has(node))) {
      res.highlighted = true;
      res.zIndex = 1;
    }
    return res;
  };
}

function edgeReducer(graph) {
  return (edge, data) => {
    const res = { ...data };
    const focus = state.selected;
    if (focus && !graph.hasExtremity(edge, focus)) {
      res.hidden = true;
    } else if (state.matches) {
      const [s, t] = graph.extremities(edge);
      if (!state.matches.has(s) && !state.matches.has(t)) res.hidden = true;
    }
    return res;
  };
}

async function showDetails(graph, id) {
  const details = $("details");
  details.replaceChildren(el("p", { className: "hint", textContent: "Loading…" }));
  let actor;
  try {
    actor = (await gql(actorQuery, { id })).actor;
  } catch (err) {
    details.replaceChildren(el("p", { className: "hint", textContent: `Could not load ${id}: ${err.message}` }));
    return;
  }
  if (state.selected !== id) return; // another actor was clicked meanwhile
  if (!actor) {
    details.replaceChildren(el("p", { className: "hint", textContent: `No actor ${id}.` }));
    return;
  }
  const children = [
    el("h2", { textContent: actor.acronym ? `${actor.name} (${actor.acronym})` : actor.name }),
    el("span", {
      className: "kind",
      textContent: actor.kind,
      style: `background:${actorKindColors[actor.kind] || actorKindColors.OTHER}`,
    }),
    el("p", { className: "hint", textContent: `id: ${actor.id}` }),
  ];
  if (actor.aliases?.length) {
    children.push(el("h3", { textContent: "Also known as" }), el("p", { textContent: actor.aliases.join("; ") }));
  }
  const ties = [];
  graph.forEachEdge(id, (edge, attrs, source, target) => {
    const other = source === id ? target : source;
    ties.push({ kind: attrs.kind, other, label: graph.getNodeAttribute(other, "name"), out: source === id });
  });
  ties.sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
  children.push(el("h3", { textContent: `Ties (${ties.length})` }));
  children.push(
    el(
      "ul",
      { id: "ties" },
      ...ties.map((t) =>
        el(
          "li",
          {},
          el("span", { className: "swatch line", style: `background:${tieKindColors[t.kind] || tieKindColors.OTHER}` }),
          `${t.kind} ${symmetricTieKinds.has(t.kind) ? "with" : t.out ? "to" : "from"} `,
          el("button", { className: "link", textContent: t.label, onclick: () => select(graph, t.other) }),
        ),
      ),
    ),
  );
  children.push(el("h3", { textContent: `Sources (${actor.sources?.length || 0})` }));
  children.push(
    el(
      "ul",
      { id: "sources" },
      ...(actor.sources || []).map((s) =>
        el(
          "li",
          {},
          el("strong", { textContent: s.title }),
          s.record ? el("div", { className: "hint", textContent: `record: ${s.record}` }) : "",
          s.passage ? el("blockquote", { textContent: s.passage }) : "",
        ),
      ),
    ),
  );
  details.replaceChildren(...children);
}

let renderer = null;

function select(graph, id) {
  state.selected = id;
  renderer?.refresh({ skipIndexation: true });
  if (id === null) {
    $("details").replaceChildren(el("p", { className: "hint", textContent: "Click an actor to see its details and sources." }));
    return;
  }
  if (renderer) {
    const pos = renderer.getNodeDisplayData(id);
    if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.5 }, { duration: 400 });
  }
  showDetails(graph, id);
}

function setupSearch(graph) {
  const input = $("search");
  const names = [];
  graph.forEachNode((node, a) => {
    names.push(el("option", { value: a.acronym ? `${a.name} (${a.acronym})` : a.name }));
  });
  $("actor-names").replaceChildren(...names);
  const find = (text) => {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    const hits = new Set();
    graph.forEachNode((node, a) => {
      const full = a.acronym ? `${a.name} (${a.acronym})` : a.name;
      if (full.toLowerCase().includes(q) || node.toLowerCase() === q) hits.add(node);
    });
    return hits;
  };
  input.addEventListener("input", () => {
    state.matches = find(input.value);
    renderer?.refresh({ skipIndexation: true });
    if (state.matches?.size === 1) select(graph, [...state.matches][0]);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    const hits = find(input.value);
    if (hits && hits.size > 0) select(graph, [...hits][0]);
  });
}

async function main() {
  renderLegend();
  const count = $("count");
  let actors;
  try {
    actors = await loadActors((n, total) => {
      count.textContent = `Loading actors… ${n} of ${total}`;
    });
  } catch (err) {
    count.textContent = "No data";
    showStatus(`Could not load the network: ${err.message}`);
    document.body.dataset.ready = "error";
    return;
  }
  const graph = buildGraph(actors);
  layout(graph);
  count.textContent = `${graph.order} actors · ${graph.size} ties`;
  count.dataset.actors = String(graph.order);
  count.dataset.ties = String(graph.size);
  try {
    renderer = new Sigma(graph, $("graph"), {
      nodeReducer: nodeReducer(graph),
      edgeReducer: edgeReducer(graph),
      labelRenderedSizeThreshold: 8,
      zIndex: true,
    });
  } catch (err) {
    showStatus(`Could not draw the network (WebGL needed): ${err.message}`);
    document.body.dataset.ready = "error";
    return;
  }
  renderer.on("clickNode", ({ node }) => select(graph, node));
  renderer.on("clickStage", () => select(graph, null));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") select(graph, null);
  });
  setupSearch(graph);
  // data-ready tells tests (and anyone watching) that the network is drawn.
  document.body.dataset.ready = "true";
}

main();
