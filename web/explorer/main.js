// main.js is the network workbench at /: it reads the whole network in one
// request (networkData, in columns), draws it with sigma.js, and lets the
// user filter it as a NetworkSelection (tie kinds, actor kinds, region, date),
// size and colour actors by the service's metrics and communities, expand ego
// networks, draw shortest paths, read every actor's and tie's sources, see
// the funding gaps, browse a table of what is shown, export the view, and
// share it by its URL. Small networks are laid out before the first picture;
// large ones are drawn at once and laid out by ForceAtlas2 in a web worker.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeLineProgram } from "sigma/rendering";
import * as api from "./api.js";
import { NodePointProgram } from "./programs.js";
import { download, toCSV, toGEXF, toPNG, toSVG } from "./exports.js";
import { adjacency, edgeKind, fromColumns, pairKey, select, shortestPath, within } from "./network.js";
import {
  actorKind,
  actorKinds,
  communityColors,
  contrast,
  dimColor,
  kindLabel,
  metrics,
  scopeLabels,
  symmetric,
  textOn,
  tieKind,
  tieKinds,
  tieLabel,
} from "./palette.js";
import "./style.css";

// timings are the phases of the first picture, in ms since the navigation
// started (performance.now's origin); the browser test reads them. A phase
// named ...Shown is marked in the frame after the picture was handed to the
// screen, so it counts the drawing itself (software WebGL without a GPU
// finishes a frame long after the script has issued it).
const timings = {};
const mark = (name) => {
  timings[name] = Math.round(performance.now());
};
// afterShown calls f once the picture drawn in this task is on the screen:
// the next animation frame comes only after the frame has been composited.
const afterShown = (f) => requestAnimationFrame(() => requestAnimationFrame(f));

// syncLayoutLimit is the largest network laid out before the first picture
// (ForceAtlas2, layoutIterations steps, in the page); larger ones are drawn
// at once and laid out in a web worker while the user works.
const syncLayoutLimit = 1500;
const layoutIterations = 300;
// workerLayoutMs is how long the worker lays out a large network.
const workerLayoutMs = 6000;
// dashedEdgeLimit is the most edges drawn with dash patterns (on a 2D
// canvas); above it every edge is a solid WebGL line.
const dashedEdgeLimit = 4000;
const tableRowLimit = 500;

const $ = (id) => document.getElementById(id);

// el makes an element; data never goes through innerHTML.
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("aria") || k === "role" || k === "for" || k === "tabindex") node.setAttribute(k.replace(/^aria([A-Z])/, (m, c) => "aria-" + c.toLowerCase()), v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

const fmt = new Intl.NumberFormat("en");
const fmtScore = (v) => (v === null || v === undefined ? "–" : Math.abs(v) >= 1000 ? fmt.format(Math.round(v)) : v.toPrecision(3));

// ---------------------------------------------------------------- state

const allTieKinds = tieKinds.map((k) => k.kind);
const defaultTieKinds = tieKinds.filter((k) => k.partnership).map((k) => k.kind);

// state is everything a view is made of; the URL holds it (see writeURL).
const state = {
  tab: "graph",
  tieKinds: new Set(defaultTieKinds),
  actorKinds: new Set(actorKinds.map((k) => k.kind)),
  region: "",
  asOf: "",
  isolates: false,
  size: "DEGREE",
  colour: "KIND",
  selected: null,
  hops: 1,
  focus: false,
  pathTo: null,
  overlay: null, // {type, title, actors: Set, lines: [[a, b]]}
};

function readURL() {
  const q = new URLSearchParams(window.location.search);
  const setOf = (name, all) => {
    if (!q.has(name)) return null;
    const v = q.get(name);
    return new Set(v === "" ? [] : v.split(",").filter((k) => all.includes(k)));
  };
  state.tab = ["graph", "table", "gaps"].includes(q.get("tab")) ? q.get("tab") : "graph";
  state.tieKinds = setOf("ties", allTieKinds) || state.tieKinds;
  state.actorKinds = setOf("actors", actorKinds.map((k) => k.kind)) || state.actorKinds;
  state.region = q.get("region") || "";
  state.asOf = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(q.get("asOf") || "") ? q.get("asOf") : "";
  state.isolates = q.get("isolates") === "1";
  state.size = metrics.some((m) => m.metric === q.get("size")) ? q.get("size") : "DEGREE";
  state.colour = q.get("colour") === "COMMUNITY" ? "COMMUNITY" : "KIND";
  state.selected = q.get("actor") || null;
  state.hops = Math.min(3, Math.max(1, Number(q.get("hops")) || 1));
  state.focus = q.get("focus") === "1";
  state.pathTo = q.get("path") || null;
}

// writeURL puts the state in the address, so that a view can be shared.
function writeURL() {
  const q = new URLSearchParams();
  if (state.tab !== "graph") q.set("tab", state.tab);
  const same = (a, b) => a.size === b.length && b.every((k) => a.has(k));
  if (!same(state.tieKinds, defaultTieKinds)) q.set("ties", [...state.tieKinds].join(","));
  if (!same(state.actorKinds, actorKinds.map((k) => k.kind))) q.set("actors", [...state.actorKinds].join(","));
  if (state.region) q.set("region", state.region);
  if (state.asOf) q.set("asOf", state.asOf);
  if (state.isolates) q.set("isolates", "1");
  if (state.size !== "DEGREE") q.set("size", state.size);
  if (state.colour !== "KIND") q.set("colour", state.colour);
  if (state.selected) q.set("actor", state.selected);
  if (state.selected && state.hops !== 1) q.set("hops", String(state.hops));
  if (state.focus) q.set("focus", "1");
  if (state.pathTo) q.set("path", state.pathTo);
  const s = q.toString();
  history.replaceState(null, "", s ? `?${s}` : window.location.pathname);
}

// networkSelection is the NetworkSelection of the current filters, as the
// analytics queries take it.
function networkSelection() {
  // Organs are drawn as actors of their own, so metrics count them so too.
  const ns = { organsWithParent: false };
  if (state.tieKinds.size < allTieKinds.length) ns.tieKinds = [...state.tieKinds];
  if (state.actorKinds.size < actorKinds.length) ns.actorKinds = [...state.actorKinds];
  if (state.region) ns.regions = [state.region];
  if (state.asOf) ns.asOf = state.asOf;
  return ns;
}

// ---------------------------------------------------------------- model

let net = null; // fromNodeLink
let regions = []; // {id, name}
let graph = null; // graphology: every actor, one edge per pair
let renderer = null;
let view = null; // select(net, ...)
let adjCache = null; // adjacency of view, made when first asked (adj())
let emphasis = null; // Set of actors in focus (ego, path, overlay); null for none
let pathEdges = new Set();
let sizeValues = new Map(); // actor -> metric value
// nodeSizes and edgeStyles are what the reducers draw: the view's sizes,
// and each shown pair's kind, colour and width. Filters change these maps,
// never the graph's attributes, since every attribute change makes sigma
// reprocess the item (20,000 events for 20,000 ties).
let nodeSizes = new Map();
let edgeStyles = new Map();
let sizeInfo = { metric: "DEGREE", method: "degree centrality, neighbours/(n-1), computed in the page", min: 0, max: 0 };
let communityOf = new Map(); // actor -> community index
let communityInfo = null;
let layout = null;
let dashed = false; // whether dashed kinds are drawn on the 2D layer
// edgesDrawn is false for the first picture of a large network: the actors
// come first, the ties in the next frame (progressive drawing).
let edgesDrawn = true;
const progressiveLimit = 5000;
// large is whether the network has over progressiveLimit pairs. A large
// network is drawn with the cheaper programs, and its selections on a focus
// layer over a white veil, so that selecting an actor does not make sigma
// reprocess and redraw 20,000 edges: without a GPU every WebGL frame costs
// in proportion to the pixels it shades (docs/benchmarks.md). A filter
// change gives sigma only the actors and edges whose drawing changed.
let large = false;
// drawn is what sigma was last given of a large network's base picture
// (the reducers without the emphasis), to find what a change touches.
let drawn = null; // {actors: Set, sizes: Map, colours: Map, edges: Map, dashed}
let baseDirty = false;
let relabelTimer = 0;

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function buildGraph() {
  const g = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  for (const a of net.actors.values()) {
    const h = hash(a.id);
    // A seeded start in a disc whose area grows with the network.
    const r = Math.sqrt((h & 0xffff) / 0xffff) * Math.sqrt(net.actors.size);
    const phi = ((h >>> 16) / 0xffff) * 2 * Math.PI;
    g.addNode(a.id, { label: a.acronym || a.name, x: r * Math.cos(phi), y: r * Math.sin(phi), size: 4, color: actorKind[a.kind]?.color || "#999999" });
  }
  for (const p of net.pairs.values()) {
    g.addEdgeWithKey(p.key, p.a, p.b, { size: 1, color: "#999999", weight: p.ties.length });
  }
  return g;
}

function layoutNow(g) {
  if (g.order < 2) return;
  const settings = forceAtlas2.inferSettings(g);
  forceAtlas2.assign(g, { iterations: layoutIterations, settings: { ...settings, barnesHutOptimize: g.order > 400 } });
}

// layoutInWorker lays a large network out with ForceAtlas2 in a web worker
// while the user works. The worker moves a copy of the graph that nothing
// draws; its positions are given to the drawn graph once, when it stops, so
// that the page redraws once instead of after every step of the layout.
function layoutInWorker(g) {
  const shadow = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  g.forEachNode((id, a) => shadow.addNode(id, { x: a.x, y: a.y }));
  g.forEachEdge((key, a, source, target) => shadow.addEdgeWithKey(key, source, target, { weight: a.weight }));
  const settings = forceAtlas2.inferSettings(shadow);
  layout = new FA2Layout(shadow, { settings: { ...settings, barnesHutOptimize: true } });
  layout.start();
  document.body.dataset.layout = "running";
  setTimeout(() => {
    layout.stop();
    layout.kill();
    mark("layoutStopped");
    g.updateEachNodeAttributes((id, a) => {
      a.x = shadow.getNodeAttribute(id, "x");
      a.y = shadow.getNodeAttribute(id, "y");
      return a;
    }, { attributes: ["x", "y"] });
    nextFrame().then(() => {
      mark("laidOut");
      document.body.dataset.layout = "done";
    });
  }, workerLayoutMs);
}

// ---------------------------------------------------------------- filtering

// applyView recomputes what is shown from the filters, then the emphasis.
function applyView() {
  view = select(net, { tieKinds: state.tieKinds, actorKinds: state.actorKinds, regions: new Set(state.region ? [state.region] : []), asOf: state.asOf, isolates: state.isolates });
  adjCache = null;
  if (state.size === "DEGREE") degreeSizes();
  // Edge colours follow the kinds shown.
  dashed = view.pairTies.size <= dashedEdgeLimit;
  // Sigma picks edges on a framebuffer half the canvas's size: lines of 2
  // pixels or more stay clickable.
  const thin = graph.size > progressiveLimit ? 1 : 2;
  edgeStyles = new Map();
  for (const [key, ties] of view.pairTies) {
    const k = ties.length === 1 ? ties[0].kind : edgeKind(ties);
    edgeStyles.set(key, edgeStyle(k, ties.length > 1 ? thin * 1.5 : thin));
  }
  applySizes();
  baseDirty = true;
  summaryTop = null;
  applyEmphasis();
  renderCounts();
  // A large view's adjacency is made once the page has been idle for a
  // moment, so that the first selection after a filter change does not
  // wait for it, nor the filter's own picture.
  if (large) {
    const v = view;
    setTimeout(() => {
      if (view === v) idle(() => view === v && adj());
    }, 500);
  }
}

// edgeStyles' values are shared, one per kind and width, so that a filter
// change on 20,000 pairs makes no garbage of them and a changed style is a
// different object.
const edgeStyleCache = new Map();
function edgeStyle(kind, size) {
  const key = `${kind}|${size}`;
  let st = edgeStyleCache.get(key);
  if (!st) {
    st = Object.freeze({ kind, color: tieKind[kind]?.color || "#999999", size });
    edgeStyleCache.set(key, st);
  }
  return st;
}

// adj returns the adjacency of the view, made on first use after a filter
// change (only selections, paths and the summary need it).
function adj() {
  if (!adjCache) adjCache = adjacency(net, view);
  return adjCache;
}

function degreeSizes() {
  const n = view.selected.size;
  sizeValues = new Map();
  for (const id of view.selected) sizeValues.set(id, n > 1 ? (view.degree.get(id) || 0) / (n - 1) : 0);
  sizeInfo = { metric: "DEGREE", method: "degree centrality: neighbours/(n-1) in the selection (nx.degree_centrality), parallel ties counted once", count: n };
}

function applySizes() {
  let max = 0;
  for (const v of sizeValues.values()) if (Number.isFinite(v)) max = Math.max(max, v);
  sizeInfo.max = max;
  nodeSizes = new Map();
  for (const [id, v] of sizeValues) {
    if (Number.isFinite(v) && max > 0) nodeSizes.set(id, 3 + 15 * Math.sqrt(v / max));
  }
  baseDirty = true;
  summaryTop = null;
  renderSizeLegend();
}

// applyEmphasis works out which actors are in focus: the selection's ego
// network, a path, or a gap overlay.
function applyEmphasis() {
  emphasis = null;
  pathEdges = new Set();
  if (state.selected && !view.actors.has(state.selected)) {
    // The selected actor is filtered out: keep the panel, drop the ego.
  } else if (state.selected && state.pathTo && view.actors.has(state.pathTo)) {
    const path = shortestPath(adj(), state.selected, state.pathTo);
    emphasis = new Set(path || [state.selected, state.pathTo]);
    if (path) for (let i = 1; i < path.length; i++) pathEdges.add(pairKey(path[i - 1], path[i]));
    renderPath(path);
  } else if (state.selected) {
    emphasis = new Set(within(adj(), state.selected, state.hops).keys());
  }
  if (state.overlay) {
    emphasis = new Set([...(emphasis || []), ...state.overlay.actors]);
  }
  refresh();
}

// refresh puts the state on the screen. A small network is reprocessed
// whole; a large one gives sigma only what changed in its base picture, and
// draws the emphasis on the focus layer without sigma.
function refresh() {
  if (!renderer) return;
  if (!large) renderer.refresh();
  else if (baseDirty) refreshBase();
  else {
    drawFocus();
    frameDone();
  }
  renderSummary();
}

// baseNode and baseEdge are what sigma draws of a large network.
const baseNode = (node, data) => nodeReducer(node, data, false);
const baseEdge = (edge, data) => edgeReducer(edge, data, false);

// snapshotBase records what sigma draws of a large network after it has
// processed the whole graph.
function snapshotBase() {
  const colours = new Map();
  if (state.colour === "COMMUNITY") for (const id of view.actors) colours.set(id, communityOf.get(id));
  drawn = { actors: view.actors, overlay: state.overlay, sizes: nodeSizes, colours, edges: edgeStyles, dashed, edgesDrawn };
}

// refreshBase gives sigma the actors and edges of a large network whose
// drawing changed since it last drew them: shown or not, size, colour,
// edge style. It skips sigma's indexation (label grid, z-order), which a
// full refresh redoes once the page has been idle for a while, so that the
// labels of actors a filter brought back come then.
function refreshBase() {
  baseDirty = false;
  if (!drawn || drawn.edgesDrawn !== edgesDrawn) {
    renderer.refresh();
    snapshotBase();
    return;
  }
  const nodes = [];
  const community = state.colour === "COMMUNITY";
  const colours = new Map();
  const wasShown = (id) => drawn.actors.has(id) || !!drawn.overlay?.actors.has(id);
  graph.forEachNode((id) => {
    const shown = view.actors.has(id) || !!state.overlay?.actors.has(id);
    const c = community && shown ? communityOf.get(id) : undefined;
    if (c !== undefined) colours.set(id, c);
    if (shown !== wasShown(id) || (nodeSizes.get(id) || 3) !== (drawn.sizes.get(id) || 3) || c !== drawn.colours.get(id)) nodes.push(id);
  });
  const edges = [];
  const flip = dashed !== drawn.dashed;
  for (const [key, st] of edgeStyles) {
    const was = drawn.edges.get(key);
    if (was !== st || (flip && tieKind[st.kind]?.dash.length)) edges.push(key);
  }
  for (const key of drawn.edges.keys()) if (!edgeStyles.has(key)) edges.push(key);
  drawn = { actors: view.actors, overlay: state.overlay, sizes: nodeSizes, colours, edges: edgeStyles, dashed, edgesDrawn };
  renderer.refresh({ partialGraph: { nodes, edges }, skipIndexation: true });
  clearTimeout(relabelTimer);
  relabelTimer = setTimeout(() => {
    const full = () => {
      renderer.refresh();
      snapshotBase();
    };
    idle(full);
  }, relabelDelayMs);
}
// idle calls f when the page is idle.
function idle(f) {
  if ("requestIdleCallback" in window) requestIdleCallback(f, { timeout: 2000 });
  else setTimeout(f, 0);
}

// relabelDelayMs is how long a large network waits after a filter change
// before sigma reindexes it for its labels.
const relabelDelayMs = 3000;

// nodeReducer says how an actor is drawn: with the emphasis (the ego
// network, a path or an overlay in focus, the rest dimmed or hidden) unless
// withEmphasis is false, as sigma draws a large network under the focus
// layer.
function nodeReducer(node, data, withEmphasis = true) {
  const res = { ...data, size: nodeSizes.get(node) || 3 };
  const forced = state.overlay?.actors.has(node);
  if (!view.actors.has(node) && !forced) {
    res.hidden = true;
    return res;
  }
  if (state.colour === "COMMUNITY") {
    const c = communityOf.get(node);
    res.color = c === undefined ? "#999999" : communityColors[c] || "#999999";
  }
  if (!withEmphasis) return res;
  if (emphasis && !emphasis.has(node)) {
    if (state.focus) res.hidden = true;
    res.color = dimColor;
    res.label = "";
    res.zIndex = 0;
    return res;
  }
  if (emphasis) {
    res.forceLabel = emphasis.size <= focusLabelLimit;
    res.zIndex = 1;
  }
  if (node === state.selected || node === state.pathTo || state.overlay?.actors.has(node)) {
    res.highlighted = true;
    res.forceLabel = true;
    res.zIndex = 2;
  }
  return res;
}

// edgeReducer says how a pair's edge is drawn, with the emphasis unless
// withEmphasis is false (see nodeReducer).
function edgeReducer(edge, data, withEmphasis = true) {
  const res = { ...data };
  const style = edgeStyles.get(edge);
  if (!style || !edgesDrawn) {
    res.hidden = true;
    return res;
  }
  res.kind = style.kind;
  res.color = style.color;
  res.size = style.size;
  const [a, b] = graph.extremities(edge);
  if (!view.actors.has(a) || !view.actors.has(b)) {
    res.hidden = true;
    return res;
  }
  if (!withEmphasis) {
    if (dashed && tieKind[style.kind]?.dash.length) res.color = "rgba(0,0,0,0)";
    return res;
  }
  if (pathEdges.size) {
    if (pathEdges.has(edge)) {
      res.size = 5;
      res.color = "#000000";
      res.zIndex = 2;
      return res;
    }
  }
  if (emphasis && !(emphasis.has(a) && emphasis.has(b) && !pathEdges.size)) {
    if (state.focus) res.hidden = true;
    res.color = "#eeeeee";
    res.zIndex = 0;
    return res;
  }
  // Dashed kinds are drawn on the 2D layer instead; the WebGL line stays,
  // transparent, so that the edge can still be clicked.
  if (dashed && tieKind[style.kind]?.dash.length) res.color = "rgba(0,0,0,0)";
  return res;
}

// ---------------------------------------------------------------- drawing

let layer = null; // the 2D canvas between sigma's edges and nodes
let veil = null; // a large network's white veil over sigma's canvases
let focusLayer = null; // a large network's emphasis, over the veil

function setupLayer() {
  const canvases = renderer.getCanvases();
  layer = el("canvas", { className: "dash-layer" });
  layer.setAttribute("aria-hidden", "true");
  canvases.edges.after(layer);
  if (large) {
    veil = el("div", { className: "veil" });
    veil.hidden = true;
    focusLayer = el("canvas", { className: "dash-layer focus-layer" });
    focusLayer.setAttribute("aria-hidden", "true");
    canvases.labels.after(veil, focusLayer);
  }
  renderer.on("afterRender", () => {
    drawDashes();
    drawFocus();
    frameDone();
  });
}

// fit sizes a 2D canvas to the renderer and returns its context, cleared.
function fit(canvas) {
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

const at = (id) => renderer.graphToViewport(graph.getNodeAttributes(id));

// positions returns a function giving each actor's viewport position,
// converted once per actor for one picture.
function positions() {
  const cache = new Map();
  return (id) => {
    let p = cache.get(id);
    if (!p) {
      p = at(id);
      cache.set(id, p);
    }
    return p;
  };
}

// outOfFocus is whether the edge between a and b is dimmed by the emphasis.
const outOfFocus = (a, b) => !!emphasis && !(emphasis.has(a) && emphasis.has(b) && !pathEdges.size);

// drawDashes draws the dashed ties under the actors; on a small network also
// the emphasis's dimming of them and the overlay's lines (missing triad
// sides, suggested partnerships), which a large one draws on its focus layer.
function drawDashes() {
  const ctx = fit(layer);
  if (dashed && edgesDrawn) {
    for (const [key, style] of edgeStyles) {
      const k = tieKind[style.kind];
      if (!k?.dash.length) continue;
      const [a, b] = graph.extremities(key);
      if (!view.actors.has(a) || !view.actors.has(b)) continue;
      const out = !large && outOfFocus(a, b);
      if (out && state.focus) continue;
      const p = at(a), q = at(b);
      ctx.strokeStyle = out ? "#eeeeee" : k.color;
      ctx.lineWidth = style.size;
      ctx.setLineDash(k.dash);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
      ctx.stroke();
    }
  }
  if (!large) drawOverlayLines(ctx);
  ctx.setLineDash([]);
}

function drawOverlayLines(ctx) {
  if (!state.overlay) return;
  ctx.strokeStyle = "#C00000";
  ctx.lineWidth = 2.5;
  ctx.setLineDash([8, 6]);
  for (const [a, b] of state.overlay.lines) {
    if (!graph.hasNode(a) || !graph.hasNode(b)) continue;
    const p = at(a), q = at(b);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    ctx.lineTo(q.x, q.y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

// focusLabelLimit is the largest emphasis whose every actor is labelled.
const focusLabelLimit = 60;
// dashedFocusLimit is the most edges in focus drawn with dash patterns.
const dashedFocusLimit = 1000;

// drawFocus draws a large network's emphasis on the focus layer: the veil
// dims sigma's picture (or hides it in focus mode), and the actors in focus,
// the edges among them (a path's edges alone when a path is drawn), the
// overlay's lines and the labels are drawn over it. The reducers say the
// same of each actor and edge (window.explorer.node and .edge).
function drawFocus() {
  if (!large) return;
  const ctx = fit(focusLayer);
  veil.hidden = !emphasis;
  if (!emphasis) return;
  veil.classList.toggle("opaque", state.focus);
  // Edges, grouped by how they are drawn, one path per group.
  const groups = new Map();
  const add = (key, color, size, dash) => {
    const g = `${color}|${size}|${dash.join(",")}`;
    if (!groups.has(g)) groups.set(g, { color, size, dash, keys: [] });
    groups.get(g).keys.push(key);
  };
  if (edgesDrawn) {
    if (pathEdges.size) {
      for (const key of pathEdges) if (edgeStyles.has(key)) add(key, "#000000", 5, []);
    } else {
      const inFocus = [];
      for (const key of edgeStyles.keys()) {
        const [a, b] = graph.extremities(key);
        if (emphasis.has(a) && emphasis.has(b)) inFocus.push(key);
      }
      // Dash patterns as on the whole picture: up to dashedFocusLimit edges
      // (a dashed stroke costs several times a solid one to raster).
      const dashes = inFocus.length <= dashedFocusLimit;
      for (const key of inFocus) {
        const style = edgeStyles.get(key);
        // Lines of one pixel beyond that too: software canvas draws them on
        // its fast path, several times sooner than wider ones.
        add(key, style.color, dashes ? Math.max(style.size, 1.5) : 1, (dashes && tieKind[style.kind]?.dash) || []);
      }
    }
  }
  const pos = positions();
  for (const g of groups.values()) {
    ctx.strokeStyle = g.color;
    ctx.lineWidth = g.size;
    ctx.setLineDash(g.dash);
    ctx.beginPath();
    for (const key of g.keys) {
      const [a, b] = graph.extremities(key);
      const p = pos(a), q = pos(b);
      ctx.moveTo(p.x, p.y);
      ctx.lineTo(q.x, q.y);
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawOverlayLines(ctx);
  // Actors, then the labels with collisions avoided: the largest first, a
  // label that would overlap one already placed is left out.
  const shown = [];
  for (const id of emphasis) {
    if (!graph.hasNode(id)) continue;
    const d = nodeReducer(id, graph.getNodeAttributes(id));
    if (d.hidden) continue;
    const p = pos(id);
    shown.push({ id, d, x: p.x, y: p.y, r: renderer.scaleSize(d.size) });
  }
  // One path per colour; the highlighted actors are ringed.
  const byColour = new Map();
  for (const n of shown) {
    if (!byColour.has(n.d.color)) byColour.set(n.d.color, []);
    byColour.get(n.d.color).push(n);
  }
  for (const [colour, ns] of byColour) {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (const n of ns) {
      ctx.moveTo(n.x + n.r, n.y);
      ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  ctx.strokeStyle = "#1a1a1a";
  ctx.lineWidth = 2;
  for (const n of shown) {
    if (!n.d.highlighted) continue;
    ctx.beginPath();
    ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
    ctx.stroke();
  }
  const labelled = shown.filter((n) => n.d.forceLabel).sort((x, y) => y.r - x.r || (x.id < y.id ? -1 : 1));
  const placed = [];
  ctx.font = "14px system-ui, sans-serif";
  ctx.fillStyle = "#1a1a1a";
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 3;
  ctx.lineJoin = "round";
  for (const n of labelled) {
    const text = n.d.label || "";
    if (!text) continue;
    const box = { x: n.x + n.r + 3, y: n.y - 10, w: ctx.measureText(text).width, h: 14 };
    if (placed.some((o) => box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h)) continue;
    placed.push(box);
    ctx.strokeText(text, box.x, n.y + 4);
    ctx.fillText(text, box.x, n.y + 4);
  }
  focusLayer.dataset.labels = String(placed.length);
}

// frameDone resolves the promises of nextFrame.
function frameDone() {
  renderedFrames++;
  for (const f of frameWaiters.splice(0)) f();
}

let renderedFrames = 0;
const frameWaiters = [];
// nextFrame resolves after the next picture is drawn.
function nextFrame() {
  return new Promise((resolve) => frameWaiters.push(resolve));
}

// nearestEdge returns the drawn edge within tolerance pixels of the viewport
// point (x, y), or null.
function nearestEdge(x, y, tolerance) {
  let best = null;
  let bestD = tolerance;
  for (const key of view.pairTies.keys()) {
    const d = edgeReducer(key, graph.getEdgeAttributes(key));
    if (d.hidden) continue;
    const [a, b] = graph.extremities(key);
    const p = renderer.graphToViewport(graph.getNodeAttributes(a));
    const q = renderer.graphToViewport(graph.getNodeAttributes(b));
    const dx = q.x - p.x, dy = q.y - p.y;
    const len2 = dx * dx + dy * dy;
    const u = len2 ? Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / len2)) : 0;
    const dist = Math.hypot(p.x + u * dx - x, p.y + u * dy - y);
    if (dist < bestD) {
      bestD = dist;
      best = key;
    }
  }
  return best;
}

// ---------------------------------------------------------------- panels

function renderCounts() {
  const count = $("count");
  const a = view.actors.size;
  const t = view.ties.length;
  count.textContent = `${fmt.format(a)} actors, ${fmt.format(t)} ties shown (of ${fmt.format(net.actors.size)} and ${fmt.format(net.ties.length)})`;
  count.dataset.actors = String(a);
  count.dataset.ties = String(t);
  count.dataset.totalActors = String(net.actors.size);
  count.dataset.totalTies = String(net.ties.length);
  // Per-kind counts beside the filters, of the ties the other filters keep.
  const byKind = view.kindCounts;
  for (const k of allTieKinds) {
    const n = $(`tie-count-${k}`);
    if (n) n.textContent = fmt.format(byKind.get(k) || 0);
  }
  const actorsByKind = new Map();
  for (const id of view.actors) {
    const k = net.actors.get(id).kind;
    actorsByKind.set(k, (actorsByKind.get(k) || 0) + 1);
  }
  for (const k of actorKinds) {
    const n = $(`actor-count-${k.kind}`);
    if (n) n.textContent = fmt.format(actorsByKind.get(k.kind) || 0);
  }
}

// largest returns the n actors of ids with the largest size values, largest
// first, ties in ID order, without sorting them all.
function largest(ids, n) {
  const before = (a, b) => (sizeValues.get(a) || 0) > (sizeValues.get(b) || 0) || ((sizeValues.get(a) || 0) === (sizeValues.get(b) || 0) && a < b);
  const top = [];
  for (const id of ids) {
    if (top.length === n && !before(id, top[n - 1])) continue;
    let i = Math.min(top.length, n - 1);
    top[i] = id;
    while (i > 0 && before(top[i], top[i - 1])) {
      [top[i], top[i - 1]] = [top[i - 1], top[i]];
      i--;
    }
  }
  return top;
}

let summaryTop = null; // the largest actors of the view, kept until it changes

// renderSummary is the text alternative of the picture.
function renderSummary() {
  if (!view) return;
  if (!summaryTop) summaryTop = largest(view.actors, 5);
  const top = summaryTop;
  const names = top.map((id) => net.actors.get(id).acronym || net.actors.get(id).name);
  let s = `Network of ${view.actors.size} actors and ${view.ties.length} ties. Largest by ${sizeInfo.metric.toLowerCase()}: ${names.join(", ")}.`;
  if (state.selected && net.actors.has(state.selected)) {
    const a = net.actors.get(state.selected);
    s += ` Selected: ${a.name}, ${(adj().get(state.selected) || []).length} neighbours shown.`;
  }
  $("graph-summary").textContent = s;
}

function renderFilters() {
  const ties = $("tie-filters");
  ties.replaceChildren(
    el("legend", {}, "Tie kinds"),
    el(
      "div",
      { className: "buttons" },
      el("button", { type: "button", id: "ties-partnerships", textContent: "Partnerships", title: "every kind but membership", onclick: () => setTieKinds(defaultTieKinds) }),
      el("button", { type: "button", id: "ties-all", textContent: "All ties", onclick: () => setTieKinds(allTieKinds) }),
      el("button", { type: "button", id: "ties-none", textContent: "None", onclick: () => setTieKinds([]) }),
    ),
    ...tieKinds.map((k) =>
      el(
        "label",
        { className: "check" },
        el("input", {
          type: "checkbox",
          value: k.kind,
          checked: state.tieKinds.has(k.kind),
          onchange: (ev) => {
            if (ev.target.checked) state.tieKinds.add(k.kind);
            else state.tieKinds.delete(k.kind);
            changed();
          },
        }),
        lineSwatch(k),
        ` ${k.label} `,
        el("span", { className: "n", id: `tie-count-${k.kind}` }),
      ),
    ),
  );
  const region = $("region");
  region.replaceChildren(el("option", { value: "", textContent: "All regions" }), ...regions.map((r) => el("option", { value: r.id, textContent: r.name })));
  region.value = state.region;
  const dates = net.ties.flatMap((t) => [t.since, t.until]).filter(Boolean).map((d) => Number(d.slice(0, 4)));
  const slider = $("as-of");
  const lo = dates.length ? Math.min(...dates) : 2000;
  const hi = Math.max(dates.length ? Math.max(...dates) : 2020, new Date().getFullYear());
  slider.min = String(lo);
  slider.max = String(hi + 1);
  slider.value = state.asOf ? state.asOf.slice(0, 4) : String(hi + 1);
  renderAsOf();
  $("isolates").checked = state.isolates;
  $("size-by").value = state.size;
  $("colour-by").value = state.colour;
  $("focus").checked = state.focus;
}

function lineSwatch(k) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "28");
  svg.setAttribute("height", "8");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("line-swatch");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
  for (const [a, v] of Object.entries({ x1: 0, y1: 4, x2: 28, y2: 4, stroke: k.color, "stroke-width": 3 })) line.setAttribute(a, String(v));
  if (k.dash.length) line.setAttribute("stroke-dasharray", k.dash.join(" "));
  svg.append(line);
  return svg;
}

function renderAsOf() {
  const slider = $("as-of");
  const all = Number(slider.value) > Number(slider.max) - 1;
  $("as-of-value").textContent = all ? "all dates" : `ties that held on 1 January ${slider.value}`;
  slider.setAttribute("aria-valuetext", $("as-of-value").textContent);
}

function setTieKinds(kinds) {
  state.tieKinds = new Set(kinds);
  for (const box of document.querySelectorAll("#tie-filters input[type=checkbox]")) box.checked = state.tieKinds.has(box.value);
  changed();
}

function renderLegend() {
  const kindsList = el(
    "ul",
    { className: "legend-kinds" },
    ...actorKinds.map((k) =>
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            className: "kind-toggle",
            dataset: { kind: k.kind },
            ariaPressed: String(state.actorKinds.has(k.kind)),
            title: `Show or hide ${k.label.toLowerCase()} actors`,
            onclick: (ev) => {
              if (state.actorKinds.has(k.kind)) state.actorKinds.delete(k.kind);
              else state.actorKinds.add(k.kind);
              ev.currentTarget.setAttribute("aria-pressed", String(state.actorKinds.has(k.kind)));
              changed();
            },
          },
          el("span", { className: "dot", style: `background:${k.color}` }),
          ` ${k.label} `,
          el("span", { className: "n", id: `actor-count-${k.kind}` }),
        ),
      ),
    ),
  );
  $("legend-actors").replaceChildren(el("h3", {}, state.colour === "COMMUNITY" ? "Actor kinds (filter)" : "Actor kinds"), kindsList);
  renderCommunityLegend();
}

function renderCommunityLegend() {
  const box = $("legend-communities");
  if (state.colour !== "COMMUNITY" || !communityInfo) {
    box.replaceChildren();
    return;
  }
  const items = communityInfo.communities.slice(0, communityColors.length).map((c, i) => {
    const names = c.actorIds
      .filter((id) => view.actors.has(id))
      .sort((a, b) => (sizeValues.get(b) || 0) - (sizeValues.get(a) || 0))
      .slice(0, 3)
      .map((id) => net.actors.get(id)?.acronym || net.actors.get(id)?.name);
    return el("li", {}, el("span", { className: "dot", style: `background:${communityColors[i]}` }), ` ${c.size} actors: ${names.join(", ")}`);
  });
  box.replaceChildren(
    el("h3", {}, `Communities (${communityInfo.count}, modularity ${communityInfo.modularity.toFixed(3)})`),
    el("ul", {}, ...items, communityInfo.count > communityColors.length ? el("li", {}, el("span", { className: "dot", style: "background:#999999" }), " smaller communities") : null),
    el("p", { className: "hint" }, communityInfo.method.algorithm),
  );
}

function renderSizeLegend() {
  const box = $("legend-size");
  const m = metrics.find((x) => x.metric === sizeInfo.metric);
  const steps = [1, 0.25, 0.02].map((f) => f * (sizeInfo.max || 0));
  box.replaceChildren(
    el("h3", {}, `Size: ${m?.label || sizeInfo.metric}`),
    el(
      "ul",
      { className: "size-legend" },
      ...steps.map((v) => {
        const d = 2 * (sizeInfo.max > 0 ? 3 + 15 * Math.sqrt(v / sizeInfo.max) : 3);
        return el("li", {}, el("span", { className: "circle", style: `width:${d}px;height:${d}px` }), ` ${fmtScore(v)}`);
      }),
    ),
    el("p", { className: "hint", id: "size-method" }, sizeInfo.method + (sizeInfo.note ? ` ${sizeInfo.note}` : "")),
  );
}

function hint(text) {
  return el("p", { className: "hint" }, text);
}

// shortName is an actor's acronym, else its name, else its ID.
function shortName(id) {
  const a = net.actors.get(id);
  return a ? a.acronym || a.name : id;
}

function actorButton(id, text) {
  const a = net.actors.get(id);
  return el("button", { type: "button", className: "link", textContent: text || (a ? a.name : id), onclick: () => selectActor(id) });
}

function badge(kind) {
  const bg = actorKind[kind]?.color || "#999999";
  return el("span", { className: "kind", style: `background:${bg};color:${textOn(bg)}` }, kindLabel(kind));
}

function graphiqlLink(query, variables) {
  const q = new URLSearchParams({ query });
  if (variables) q.set("variables", JSON.stringify(variables, null, 2));
  return el("a", { className: "graphiql-link", href: `/graphiql?${q}`, target: "_blank", rel: "noopener", textContent: "Open in GraphiQL" });
}

function sourceList(sources, id) {
  return el(
    "ul",
    { className: "sources", id },
    ...(sources || []).map((s) =>
      el(
        "li",
        {},
        el("strong", {}, s.title),
        s.url ? el("div", {}, el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", textContent: s.url })) : null,
        s.record ? el("div", { className: "hint" }, `record: ${s.record}`) : null,
        s.passage ? el("blockquote", {}, s.passage) : null,
      ),
    ),
  );
}

function when(t) {
  if (t.since && t.until) return t.since === t.until ? t.since : `${t.since} – ${t.until}`;
  if (t.since) return `since ${t.since}`;
  if (t.until) return `until ${t.until}`;
  return "dates not stated";
}

function tieItem(t, from) {
  const other = t.from.id === from ? t.to : t.from;
  const dir = symmetric.has(t.kind) ? "with" : t.from.id === from ? "to" : "from";
  return el(
    "li",
    { dataset: { tie: t.id } },
    el("div", {}, lineSwatch(tieKind[t.kind] || tieKind.OTHER), ` ${tieLabel(t.kind)} ${dir} `, net.actors.has(other.id) ? actorButton(other.id, other.acronym || other.name) : other.name, el("span", { className: "hint" }, ` · ${when(t)}`)),
    t.description ? el("p", { className: "desc" }, t.description) : null,
    lazySources(t.sources),
  );
}

// lazySources is a folded list of a tie's sources, made when first opened:
// a hub's panel lists hundreds of ties, and the page draws it sooner
// without their sources' elements.
function lazySources(sources) {
  const box = el("details", {}, el("summary", {}, `Sources (${sources.length})`));
  box.addEventListener("toggle", () => {
    if (box.open && box.childElementCount === 1) box.append(sourceList(sources));
  });
  return box;
}

let detailsToken = 0;

async function showActor(id) {
  const token = ++detailsToken;
  const details = $("details");
  const a = net.actors.get(id);
  details.replaceChildren(el("h2", {}, a ? a.name : id), hint("Loading…"));
  let actor, ties = [], total = 0;
  try {
    if (net.actors.has(id)) {
      // Its ties' IDs are known (networkData has every tie): the actor and
      // every tie come in one request, a page of 100 IDs per alias.
      const ids = [];
      for (const t of net.ties) if (t.from === id || t.to === id) ids.push(t.id);
      const chunks = [];
      for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
      const vars = { id };
      chunks.forEach((c, i) => (vars[`t${i}`] = c));
      const data = await api.gql(api.actorWithTiesQuery(chunks.length), vars);
      actor = data.actor;
      chunks.forEach((c, i) => ties.push(...data[`t${i}`].nodes));
      total = ties.length;
    } else {
      actor = (await api.gql(api.actorQuery, { id })).actor;
      let after = null;
      for (;;) {
        const page = (await api.gql(api.actorTiesQuery, { id, after })).ties;
        ties.push(...page.nodes);
        total = page.totalCount;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
    }
  } catch (err) {
    if (token === detailsToken) details.replaceChildren(hint(`Could not load ${id}: ${err.message}`));
    return;
  }
  if (token !== detailsToken) return;
  if (!actor) {
    details.replaceChildren(hint(`No actor ${id}.`));
    return;
  }
  const shown = ties.filter((t) => view.pairTies.get(pairKey(t.from.id, t.to.id))?.some((x) => x.id === t.id));
  const children = [
    el("h2", {}, actor.acronym ? `${actor.name} (${actor.acronym})` : actor.name),
    el("div", { className: "badges" }, badge(actor.kind), actor.scope ? el("span", { className: "scope" }, scopeLabels[actor.scope] || actor.scope) : null),
    el("p", { className: "hint" }, `id: ${actor.id}`),
    egoControls(),
  ];
  const facts = [];
  if (actor.aliases.length) facts.push(["Also known as", actor.aliases.join("; ")]);
  if (actor.regions.length) facts.push(["Regions", actor.regions.map((r) => r.name).join(", ")]);
  if (actor.countries.length) facts.push(["Countries", actor.countries.map((r) => r.name).join(", ")]);
  if (actor.themes.length) facts.push(["Themes", actor.themes.join(", ")]);
  if (actor.identifiers.length) facts.push(["Identifiers", actor.identifiers.map((x) => `${x.scheme} ${x.value}`).join("; ")]);
  if (facts.length) children.push(el("dl", { className: "facts" }, ...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
  children.push(el("h3", {}, "Metrics in this view"), el("div", { id: "metrics" }, hint("Computing…")));
  children.push(el("h3", { id: "ties-heading" }, `Ties (${total})`), hint(`${shown.length} of them shown with the current filters.`));
  ties.sort((x, y) => x.kind.localeCompare(y.kind) || (x.from.id === id ? x.to.name : x.from.name).localeCompare(y.from.id === id ? y.to.name : y.from.name));
  children.push(el("ul", { id: "ties", className: "ties" }, ...ties.map((t) => tieItem(t, id))));
  children.push(el("h3", {}, `Sources (${actor.sources.length})`), sourceList(actor.sources, "sources"));
  children.push(el("p", {}, graphiqlLink(`query Actor($id: ID!) {\n  actor(id: $id) {\n    name acronym kind scope\n    regions { name }\n    sources { title passage }\n    ties(first: 100) {\n      totalCount\n      nodes { kind since until description from { name } to { name } sources { title passage } }\n    }\n  }\n}`, { id })));
  details.replaceChildren(...children);
  details.dataset.actor = id;
  showMetrics(id, token);
}

async function showMetrics(id, token) {
  const box = () => (token === detailsToken ? $("metrics") : null);
  try {
    const data = await api.gql(api.actorMetricsQuery, { id, network: networkSelection() });
    const b = box();
    if (!b) return;
    const rows = [
      ["Degree", data.actor.degree, data.d.method],
      ["Betweenness", data.actor.betweenness, data.b.method],
      ["PageRank", data.actor.pagerank, data.p.method],
      ["Eigenvector", data.actor.eigenvector, data.e.method],
      ["Constraint", data.actor.constraint, data.c.method],
    ];
    b.replaceChildren(
      el(
        "table",
        { className: "metrics" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "metric"), el("th", { scope: "col" }, "value"), el("th", { scope: "col" }, "method"))),
        el("tbody", {}, ...rows.map(([name, v, m]) => el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, fmtScore(v)), el("td", { className: "hint" }, `${m.algorithm}; ${m.normalization}`)))),
      ),
    );
  } catch (err) {
    const b = box();
    if (b) b.replaceChildren(hint(`Not computed: ${err.message}`));
  }
}

function egoControls() {
  const hops = el(
    "div",
    { className: "buttons", role: "group", ariaLabel: "Ego network" },
    el("span", {}, "Ego network: "),
    ...[1, 2, 3].map((h) =>
      el("button", {
        type: "button",
        className: "hops",
        textContent: `${h} hop${h > 1 ? "s" : ""}`,
        ariaPressed: String(state.hops === h && !state.pathTo),
        onclick: () => {
          state.hops = h;
          state.pathTo = null;
          for (const b of document.querySelectorAll("button.hops")) b.setAttribute("aria-pressed", String(b === document.activeElement));
          $("path-result")?.replaceChildren();
          writeURL();
          applyEmphasis();
        },
      }),
    ),
  );
  const pathInput = el("input", { type: "search", id: "path-to", placeholder: "Shortest path to…", autocomplete: "off", ariaLabel: "Shortest path to another actor" });
  const pathHits = el("ul", { className: "hits", id: "path-hits", role: "listbox" });
  searchBox(pathInput, pathHits, (hit) => {
    state.pathTo = hit;
    pathInput.value = net.actors.get(hit)?.name || hit;
    writeURL();
    applyEmphasis();
  });
  return el("div", { className: "ego" }, hops, el("div", { className: "search-box" }, pathInput, pathHits), el("div", { id: "path-result", ariaLive: "polite" }));
}

function renderPath(path) {
  const box = $("path-result");
  if (!box) return;
  if (!path) {
    box.replaceChildren(hint(`No path to ${net.actors.get(state.pathTo)?.name || state.pathTo} in this view.`));
    return;
  }
  const parts = [];
  path.forEach((id, i) => {
    if (i) parts.push(" → ");
    parts.push(actorButton(id, net.actors.get(id).acronym || net.actors.get(id).name));
  });
  box.replaceChildren(el("p", { className: "path" }, `Shortest path (${path.length - 1} ties): `, ...parts));
}

async function showEdge(key) {
  const token = ++detailsToken;
  const ties = view.pairTies.get(key) || [];
  const details = $("details");
  details.replaceChildren(hint("Loading…"));
  let data;
  try {
    data = (await api.gql(api.tiesQuery, { ids: ties.map((t) => t.id) })).ties;
  } catch (err) {
    if (token === detailsToken) details.replaceChildren(hint(`Could not load the ties: ${err.message}`));
    return;
  }
  if (token !== detailsToken) return;
  const [a, b] = graph.extremities(key);
  const na = net.actors.get(a), nb = net.actors.get(b);
  details.dataset.actor = "";
  details.replaceChildren(
    el("h2", { id: "edge-title" }, `${na.acronym || na.name} – ${nb.acronym || nb.name}`),
    el("p", {}, actorButton(a), " and ", actorButton(b)),
    el("h3", {}, `Ties (${data.totalCount})`),
    el(
      "ul",
      { className: "ties", id: "edge-ties" },
      ...data.nodes.map((t) =>
        el(
          "li",
          { dataset: { tie: t.id } },
          el("div", {}, lineSwatch(tieKind[t.kind] || tieKind.OTHER), ` ${tieLabel(t.kind)}: ${t.from.acronym || t.from.name} ${symmetric.has(t.kind) ? "–" : "→"} ${t.to.acronym || t.to.name}`, el("span", { className: "hint" }, ` · ${when(t)}`)),
          t.description ? el("p", { className: "desc" }, t.description) : null,
          t.funding ? el("p", {}, `${fmt.format(t.funding.amount)} ${t.funding.currency}${t.funding.date ? ` (${t.funding.date})` : ""}, IATI transaction type ${t.funding.transactionType}`) : null,
          el("h4", {}, `Sources (${t.sources.length})`),
          sourceList(t.sources),
        ),
      ),
    ),
    el("p", {}, graphiqlLink(`query Ties($ids: [ID!]) {\n  ties(filter: {ids: $ids}) {\n    nodes { id kind since until description from { name } to { name } sources { title passage record } }\n  }\n}`, { ids: ties.map((t) => t.id) })),
  );
}

function clearDetails() {
  detailsToken++;
  const d = $("details");
  d.dataset.actor = "";
  d.replaceChildren(
    el("h2", {}, "The network"),
    hint("Click an actor or a tie, search by name, or move through the actors with the arrow keys on the graph. Filters are on the left; the picture, the table and the URL follow them."),
    el("p", {}, graphiqlLink(`query View($network: NetworkSelection) {\n  networkGraph(network: $network, top: 100) {\n    nodes { id score x y actor { name kind } }\n    edges { from to kinds tieIds }\n  }\n}`, { network: networkSelection() })),
  );
}

// ---------------------------------------------------------------- selection

// selectActor selects an actor (null for none) and shows its details; a
// selection made on the gaps tab moves to the graph, unless it is the one
// a shared URL restores with its tab (keepTab).
function selectActor(id, { camera = true, keepTab = false } = {}) {
  state.selected = id;
  if (id === null) state.pathTo = null;
  writeURL();
  applyEmphasis();
  if (id === null) {
    clearDetails();
    return;
  }
  if (state.tab === "gaps" && !keepTab) setTab("graph");
  if (camera && renderer && graph.hasNode(id) && view.actors.has(id)) {
    const pos = renderer.getNodeDisplayData(id);
    // A large network's camera moves only to bring an actor off the screen
    // into it, in one step: each frame of an animation draws every edge
    // again, where a selection on the screen draws only the focus layer.
    if (pos && !large) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: Math.min(renderer.getCamera().ratio, 0.6) }, { duration: 300 });
    else if (pos && !onScreen(id)) renderer.getCamera().setState({ x: pos.x, y: pos.y });
  }
  showActor(id);
}

// onScreen is whether an actor is drawn inside the graph's viewport, a
// tenth of it in from each side.
function onScreen(id) {
  const { width, height } = renderer.getDimensions();
  const p = at(id);
  return p.x > width / 10 && p.x < (width * 9) / 10 && p.y > height / 10 && p.y < (height * 9) / 10;
}

// keyboard moves the selection to the nearest shown actor in the direction
// of an arrow key; Enter or Space selects the actor under focus.
function onGraphKey(ev) {
  const dirs = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  if (ev.key === "Escape") {
    selectActor(null);
    return;
  }
  if (ev.key === "+" || ev.key === "=") return renderer.getCamera().animatedZoom({ duration: 200 });
  if (ev.key === "-") return renderer.getCamera().animatedUnzoom({ duration: 200 });
  const d = dirs[ev.key];
  if (!d) return;
  ev.preventDefault();
  const shown = [...view.actors].filter((id) => !emphasis || !state.focus || emphasis.has(id));
  if (!shown.length) return;
  if (!state.selected || !view.actors.has(state.selected)) {
    const first = largest(shown, 1)[0];
    selectActor(first);
    return;
  }
  const from = renderer.getNodeDisplayData(state.selected);
  let best = null, bestScore = Infinity;
  for (const id of shown) {
    if (id === state.selected) continue;
    const p = renderer.getNodeDisplayData(id);
    if (!p) continue;
    const dx = p.x - from.x, dy = p.y - from.y;
    const along = dx * d[0] + dy * d[1];
    if (along <= 0) continue;
    const across = Math.abs(dx * d[1] - dy * d[0]);
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  if (best) selectActor(best);
}

// ---------------------------------------------------------------- search

// searchBox wires an input to the service's ranked search; Enter picks the
// best hit, arrows move through the hits.
function searchBox(input, hits, pick) {
  let token = 0;
  let results = [];
  let active = -1;
  const show = () => {
    hits.replaceChildren(
      ...results.map((h, i) =>
        el(
          "li",
          { role: "option", ariaSelected: String(i === active), className: i === active ? "active" : "", onmousedown: (ev) => ev.preventDefault(), onclick: () => choose(i), dataset: { id: h.actor.id } },
          badge(h.actor.kind),
          ` ${h.actor.name}${h.actor.acronym ? ` (${h.actor.acronym})` : ""}`,
        ),
      ),
    );
    hits.hidden = results.length === 0;
  };
  const choose = (i) => {
    const h = results[i];
    if (!h) return;
    results = [];
    show();
    pick(h.actor.id);
  };
  input.addEventListener("input", async () => {
    const q = input.value;
    const mine = ++token;
    if (!q.trim()) {
      results = [];
      show();
      return;
    }
    try {
      const data = await api.gql(api.searchQuery, { q });
      if (mine !== token) return;
      results = data.search.nodes;
      active = results.length ? 0 : -1;
      input.dataset.total = String(data.search.totalCount);
      show();
    } catch (err) {
      $("status").textContent = `Search failed: ${err.message}`;
    }
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!results.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      show();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      choose(Math.max(active, 0));
    } else if (ev.key === "Escape") {
      results = [];
      show();
    }
  });
  input.addEventListener("blur", () => setTimeout(() => {
    results = [];
    show();
  }, 150));
}

// ---------------------------------------------------------------- metrics

let metricToken = 0;

async function loadSizes() {
  const mine = ++metricToken;
  if (state.size === "DEGREE") {
    degreeSizes();
    applySizes();
    refresh();
    return;
  }
  $("legend-size").replaceChildren(el("h3", {}, "Size"), hint(`Computing ${state.size.toLowerCase()}…`));
  try {
    const data = await api.gql(api.centralityQuery, { metric: state.size, network: networkSelection() });
    if (mine !== metricToken) return;
    const c = data.centrality;
    sizeValues = new Map(c.items.map((i) => [i.actor.id, i.score]));
    const m = c.method;
    sizeInfo = { metric: state.size, method: `${m.algorithm}; ${m.normalization}${m.exact ? "" : `; estimated from ${m.samples} samples`}.`, count: c.count };
    if (c.count > c.items.length) sizeInfo.note = `The top ${c.items.length} of ${c.count} actors are sized; the rest are drawn smallest.`;
    applySizes();
    refresh();
  } catch (err) {
    if (mine !== metricToken) return;
    sizeInfo = { metric: state.size, method: `Not computed: ${err.message}` };
    sizeValues = new Map();
    applySizes();
    refresh();
  }
}

let communityToken = 0;

async function loadCommunities() {
  const mine = ++communityToken;
  if (state.colour !== "COMMUNITY") {
    renderLegend();
    refresh();
    return;
  }
  $("legend-communities").replaceChildren(hint("Finding communities…"));
  try {
    const data = await api.gql(api.communitiesQuery, { network: networkSelection() });
    if (mine !== communityToken) return;
    communityInfo = data.communities;
    communityOf = new Map();
    communityInfo.communities.forEach((c, i) => {
      for (const id of c.actorIds) communityOf.set(id, i < communityColors.length ? i : -1);
    });
  } catch (err) {
    if (mine !== communityToken) return;
    communityInfo = null;
    $("legend-communities").replaceChildren(hint(`Communities not computed: ${err.message}`));
  }
  renderLegend();
  refresh();
}

// changed is called when a filter changes: the view is recomputed at once;
// metrics that depend on the selection are asked again.
function changed() {
  writeURL();
  applyView();
  if (state.size !== "DEGREE") loadSizes();
  if (state.colour === "COMMUNITY") loadCommunities();
  if (state.tab === "table") renderTable();
}

// ---------------------------------------------------------------- table

const tableState = { actors: { key: "size", desc: true }, ties: { key: "kind", desc: false }, filter: "" };

function renderTable() {
  const box = $("table-view");
  const f = tableState.filter.trim().toLowerCase();
  const actorRows = [...view.actors]
    .map((id) => {
      const a = net.actors.get(id);
      return { id, name: a.name, acronym: a.acronym, kind: kindLabel(a.kind), regions: a.regions.join(", "), degree: view.degree.get(id) || 0, size: sizeValues.get(id) ?? null };
    })
    .filter((r) => !f || `${r.name} ${r.acronym} ${r.kind} ${r.regions}`.toLowerCase().includes(f));
  const tieRows = view.ties
    .map((t) => ({ id: t.id, kind: tieLabel(t.kind), from: net.actors.get(t.from).name, to: net.actors.get(t.to).name, since: t.since, until: t.until }))
    .filter((r) => !f || `${r.kind} ${r.from} ${r.to}`.toLowerCase().includes(f));
  const sortRows = (rows, s) => {
    const dir = s.desc ? -1 : 1;
    return rows.sort((x, y) => {
      const a = x[s.key], b = y[s.key];
      if (a === b) return x.id < y.id ? -1 : 1;
      if (a === null || a === "") return 1;
      if (b === null || b === "") return -1;
      return (typeof a === "number" ? a - b : String(a).localeCompare(String(b))) * dir;
    });
  };
  const table = (name, caption, cols, rows) => {
    const s = tableState[name];
    sortRows(rows, s);
    const head = el(
      "tr",
      {},
      ...cols.map(([key, label]) =>
        el(
          "th",
          { scope: "col", ariaSort: s.key === key ? (s.desc ? "descending" : "ascending") : "none" },
          el("button", {
            type: "button",
            className: "sort",
            textContent: label,
            onclick: () => {
              s.desc = s.key === key ? !s.desc : typeof rows[0]?.[key] === "number";
              s.key = key;
              renderTable();
            },
          }),
        ),
      ),
    );
    const body = rows.slice(0, tableRowLimit).map((r) =>
      el(
        "tr",
        { dataset: { id: r.id } },
        ...cols.map(([key], i) => {
          let v = r[key];
          if (key === "size") v = fmtScore(v);
          if (i === 0 && name === "actors") return el("td", {}, actorButton(r.id, String(v)));
          return el("td", {}, v === null || v === undefined ? "" : String(v));
        }),
      ),
    );
    return el(
      "table",
      { className: "data", id: `table-${name}` },
      el("caption", {}, `${caption}: ${fmt.format(rows.length)}${rows.length > tableRowLimit ? `, the first ${tableRowLimit} shown; narrow with the filter` : ""}`),
      el("thead", {}, head),
      el("tbody", {}, ...body),
    );
  };
  const m = metrics.find((x) => x.metric === sizeInfo.metric);
  const filter = el("input", { type: "search", id: "table-filter", placeholder: "Filter rows", value: tableState.filter, ariaLabel: "Filter the rows of the tables" });
  filter.addEventListener("input", () => {
    tableState.filter = filter.value;
    renderTable();
    $("table-filter").focus();
    $("table-filter").setSelectionRange(filter.value.length, filter.value.length);
  });
  box.replaceChildren(
    filter,
    table("actors", "Actors shown", [["name", "Name"], ["acronym", "Acronym"], ["kind", "Kind"], ["regions", "Regions"], ["degree", "Ties shown (pairs)"], ["size", m?.label || "Size"]], actorRows),
    table("ties", "Ties shown", [["kind", "Kind"], ["from", "From"], ["to", "To"], ["since", "Since"], ["until", "Until"]], tieRows),
  );
}

// ---------------------------------------------------------------- gaps

let gapsLoaded = null;
let hasCoverage = null;

async function renderGaps() {
  const box = $("gaps");
  const groupBy = $("gap-group")?.value || "REGION";
  box.replaceChildren(hint("Loading the gaps…"));
  try {
    if (hasCoverage === null) {
      const probe = await api.gql(api.coverageProbe);
      hasCoverage = (probe.__type?.fields || []).some((f) => f.name === "coverage");
    }
    gapsLoaded = await api.gql(api.gapsQuery(hasCoverage), { groupBy });
  } catch (err) {
    box.replaceChildren(hint(`Could not load the gaps: ${err.message}`));
    return;
  }
  const g = gapsLoaded;
  const select = el(
    "select",
    { id: "gap-group", ariaLabel: "Group funding gaps by", onchange: () => renderGaps() },
    ...[["REGION", "by region"], ["COUNTRY", "by country"], ["SECTOR", "by sector"], ["ACTOR_KIND", "by recipient kind"]].map(([v, t]) => el("option", { value: v, textContent: t })),
  );
  select.value = groupBy;
  const maxShare = Math.max(0.0001, ...g.fundingGaps.flatMap((x) => [x.fundingShare, x.activityShare]));
  const bar = (share, cls) => el("span", { className: `bar ${cls}`, style: `width:${((share / maxShare) * 100).toFixed(1)}%` });
  const bars = el(
    "ul",
    { className: "gap-bars", id: "gap-bars" },
    ...g.fundingGaps.map((x) => {
      const noData = hasCoverage ? x.coverage === "NO_DATA" : false;
      return el(
        "li",
        { dataset: { group: x.group, coverage: hasCoverage ? x.coverage : "" }, title: x.explanation },
        el("div", { className: "gap-name" }, x.name),
        el("div", { className: "gap-row" }, el("span", { className: "gap-label" }, "activity"), bar(x.activityShare, "activity"), ` ${(x.activityShare * 100).toFixed(1)}%`),
        el(
          "div",
          { className: "gap-row" },
          el("span", { className: "gap-label" }, "funding"),
          noData ? el("span", { className: "no-data" }, "no data") : [bar(x.fundingShare, "funding"), ` ${(x.fundingShare * 100).toFixed(1)}%`, x.funding > 0 ? ` (${fmt.format(Math.round(x.funding))} ${x.currency})` : ""].flat().reduce((f, n) => (f.append(n), f), document.createDocumentFragment()),
        ),
      );
    }),
  );
  const triads = g.triadCoverage.map((r) =>
    el(
      "li",
      {},
      el("strong", {}, r.name),
      r.closedCount + r.openCount === 0 ? " no triad here, open or closed: no UN entity – regional organization – civil society triangle has two of its sides in this region " : ` ${(r.coverage * 100).toFixed(0)}% closed (${r.closedCount} closed, ${r.openCount} open) `,
      r.open.length
        ? el("button", {
            type: "button",
            className: "draw-missing",
            dataset: { region: r.region },
            textContent: "Draw the missing sides",
            onclick: () =>
              setOverlay({
                type: "triads",
                title: `Missing sides of open triads in ${r.name}`,
                actors: new Set(r.open.flatMap((t) => [t.un.id, t.regionalOrg.id, t.civilSociety.id])),
                lines: r.open.flatMap((t) => t.missing.map((m) => [m.from, m.to])),
              }),
          })
        : null,
      el("ul", {}, ...r.open.slice(0, 5).map((t) => el("li", {}, `${t.un.name} – ${t.regionalOrg.name} – ${t.civilSociety.name}; missing: ${t.missing.map((m) => `${shortName(m.from)} – ${shortName(m.to)}`).join(", ")}`))),
    ),
  );
  box.replaceChildren(
    el("h2", {}, "Gaps for donors"),
    el("section", { className: "gap" }, el("h3", {}, "Funding and activity ", select), hint((hasCoverage ? "Shares of all funding and of all partnership activity. \"no data\" means no funding data covers the group, which is not the same as no funding." : "Shares of all funding and of all partnership activity.") + " Money in US dollars, converted at the IMF's yearly average rates (each group's rates are in its conversions)."), bars),
    el("section", { className: "gap" }, el("h3", {}, "Under-funded brokers"), el("ol", { id: "brokers" }, ...g.underfundedBrokers.map((b) => el("li", { title: b.explanation }, actorButton(b.actor.id, b.actor.name), ` betweenness ${fmtScore(b.betweenness)}, funding ${fmt.format(Math.round(b.funding))} ${b.currency}`)))),
    el("section", { className: "gap" }, el("h3", {}, "Donor concentration"), el("ol", {}, ...g.donorConcentration.map((c) => el("li", { title: c.explanation }, `${c.name}: HHI ${c.hhi.toFixed(2)}, top donor ${c.topDonor.name} ${(c.topShare * 100).toFixed(0)}% of ${fmt.format(Math.round(c.total))} ${c.currency}`)))),
    el("section", { className: "gap" }, el("h3", {}, "Triad coverage"), hint("UN entity – regional organization – civil society triangles, region by region; the missing sides are the gaps."), el("ul", { id: "triads" }, ...triads)),
    el(
      "section",
      { className: "gap" },
      el("h3", {}, "Suggested partnerships"),
      el(
        "ol",
        { id: "suggestions" },
        ...g.suggestedPartnerships.map((s) =>
          el(
            "li",
            { title: s.explanation },
            el("button", {
              type: "button",
              className: "link",
              textContent: `${s.from.name} – ${s.to.name}`,
              onclick: () => setOverlay({ type: "suggestion", title: `Suggested: ${s.from.name} – ${s.to.name}`, actors: new Set([s.from.id, s.to.id, ...s.shared.map((x) => x.actor.id)]), lines: [[s.from.id, s.to.id]] }),
            }),
            ` shared partners: ${s.shared.map((x) => x.actor.name).join(", ")}`,
          ),
        ),
      ),
    ),
    el(
      "section",
      { className: "gap" },
      el("h3", {}, "Single points of failure ", el("button", { type: "button", id: "show-spof", textContent: "Highlight", onclick: () => setOverlay({ type: "spof", title: "Single points of failure", actors: new Set(g.singlePointsOfFailure.actors.map((x) => x.id)), lines: [] }) })),
      el("ol", {}, ...g.singlePointsOfFailure.actors.map((x) => el("li", {}, actorButton(x.id), ` cuts off ${x.cut} actors`))),
    ),
    el("p", {}, graphiqlLink(api.gapsQuery(hasCoverage).replace("ExplorerGaps", "Gaps"), { groupBy })),
  );
}

function setOverlay(overlay) {
  state.overlay = overlay;
  const note = $("overlay-note");
  if (overlay) {
    note.replaceChildren(el("span", {}, overlay.title), el("button", { type: "button", textContent: "Clear", onclick: () => setOverlay(null) }));
    note.hidden = false;
  } else {
    note.hidden = true;
  }
  applyEmphasis();
}

// ---------------------------------------------------------------- tabs

function setTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll("#tabs [role=tab]")) {
    const on = b.dataset.tab === tab;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  $("graph-pane").hidden = tab === "table";
  $("table-view").hidden = tab !== "table";
  $("details").hidden = tab === "gaps";
  $("gaps").hidden = tab !== "gaps";
  if (tab === "table") renderTable();
  if (tab === "gaps") renderGaps();
  writeURL();
}

// ---------------------------------------------------------------- export

// drawnView is the view as drawn, for the exports.
function drawnView() {
  const nodes = [];
  graph.forEachNode((id, attrs) => {
    const d = nodeReducer(id, attrs);
    if (d.hidden) return;
    const a = net.actors.get(id);
    nodes.push({ id, label: attrs.label, name: a.name, kind: a.kind, x: attrs.x, y: attrs.y, size: d.size, color: d.color, value: sizeValues.get(id), showLabel: !!d.forceLabel || d.size >= 8 });
  });
  const shown = new Set(nodes.map((n) => n.id));
  const edges = [];
  for (const [key, ties] of view.pairTies) {
    const [a, b] = graph.extremities(key);
    if (!shown.has(a) || !shown.has(b)) continue;
    const d = edgeReducer(key, graph.getEdgeAttributes(key));
    if (d.hidden) continue;
    if (state.focus && emphasis && !(emphasis.has(a) && emphasis.has(b))) continue;
    edges.push({ source: a, target: b, kind: d.kind, kinds: [...new Set(ties.map((t) => t.kind))], tieIds: ties.map((t) => t.id), color: d.color === "rgba(0,0,0,0)" ? tieKind[d.kind].color : d.color, size: d.size, dash: tieKind[d.kind]?.dash, title: `${ties.length} ${ties.length === 1 ? "tie" : "ties"}: ${[...new Set(ties.map((t) => tieLabel(t.kind)))].join(", ")}` });
  }
  return { nodes, edges };
}

async function exportAs(format) {
  const v = drawnView();
  const stamp = "peacegraph-view";
  if (format === "svg") download(`${stamp}.svg`, new Blob([toSVG(v)], { type: "image/svg+xml" }));
  if (format === "png") download(`${stamp}.png`, await toPNG(v));
  if (format === "gexf") download(`${stamp}.gexf`, new Blob([toGEXF(v)], { type: "application/xml" }));
  if (format === "actors") {
    const rows = v.nodes.map((n) => {
      const a = net.actors.get(n.id);
      return [n.id, a.name, a.acronym, a.kind, a.regions.join(";"), view.degree.get(n.id) || 0, n.value ?? "", n.x, n.y];
    });
    download(`${stamp}-actors.csv`, new Blob([toCSV(["id", "name", "acronym", "kind", "regions", "pairs_shown", sizeInfo.metric.toLowerCase(), "x", "y"], rows)], { type: "text/csv" }));
  }
  if (format === "ties") {
    const ids = new Set(v.edges.flatMap((e) => e.tieIds));
    const rows = view.ties.filter((t) => ids.has(t.id)).map((t) => [t.id, t.from, t.to, t.kind, t.since, t.until, t.weight]);
    download(`${stamp}-ties.csv`, new Blob([toCSV(["id", "source", "target", "kind", "since", "until", "weight"], rows)], { type: "text/csv" }));
  }
}

// ---------------------------------------------------------------- start

function wireControls() {
  $("region").addEventListener("change", (ev) => {
    state.region = ev.target.value;
    changed();
  });
  const slider = $("as-of");
  slider.addEventListener("input", () => {
    renderAsOf();
    const y = Number(slider.value);
    state.asOf = y > Number(slider.max) - 1 ? "" : String(y);
    changed();
  });
  $("isolates").addEventListener("change", (ev) => {
    state.isolates = ev.target.checked;
    changed();
  });
  $("size-by").addEventListener("change", (ev) => {
    state.size = ev.target.value;
    writeURL();
    loadSizes();
  });
  $("colour-by").addEventListener("change", (ev) => {
    state.colour = ev.target.value;
    writeURL();
    loadCommunities();
  });
  $("focus").addEventListener("change", (ev) => {
    state.focus = ev.target.checked;
    writeURL();
    refresh();
  });
  for (const b of document.querySelectorAll("#tabs [role=tab]")) b.addEventListener("click", () => setTab(b.dataset.tab));
  $("tabs").addEventListener("keydown", (ev) => {
    const tabs = [...document.querySelectorAll("#tabs [role=tab]")];
    const i = tabs.findIndex((t) => t.dataset.tab === state.tab);
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      const next = tabs[(i + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      setTab(next.dataset.tab);
      next.focus();
    }
  });
  for (const b of document.querySelectorAll("[data-export]")) b.addEventListener("click", () => exportAs(b.dataset.export));
  searchBox($("search"), $("search-hits"), (id) => {
    $("search").value = "";
    selectActor(id);
  });
  $("graph").addEventListener("keydown", onGraphKey);
  $("sheet-toggle").addEventListener("click", () => {
    const open = document.body.classList.toggle("sheet-open");
    $("sheet-toggle").setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && document.activeElement === document.body) selectActor(null);
  });
}

async function main() {
  readURL();
  const count = $("count");
  count.textContent = "Loading the network…";
  let data;
  try {
    data = await api.gql(api.networkQuery);
    mark("fetched");
    net = fromColumns(data.networkData);
    regions = data.places;
    mark("parsed");
  } catch (err) {
    count.textContent = "No data";
    $("status").textContent = `Could not load the network: ${err.message}`;
    document.body.dataset.ready = "error";
    return;
  }
  graph = buildGraph();
  large = graph.size > progressiveLimit;
  if (graph.order <= syncLayoutLimit) layoutNow(graph);
  mark("built");
  renderFilters();
  renderLegend();
  wireControls();
  applyView();
  edgesDrawn = !large;
  try {
    renderer = new Sigma(graph, $("graph"), {
      nodeReducer: large ? baseNode : nodeReducer,
      edgeReducer: large ? baseEdge : edgeReducer,
      zIndex: true,
      // A large network's ties are one-pixel lines, drawn once a frame and
      // not again on sigma's picking layer: a click near a tie finds it by
      // its geometry (nearestEdge). Without a GPU (software WebGL) the
      // drawing of every frame costs in proportion to the pixels the ties
      // cover, so the picture comes several times sooner.
      enableEdgeEvents: !large,
      ...(large ? { edgeProgramClasses: { line: EdgeLineProgram }, nodeProgramClasses: { circle: NodePointProgram } } : {}),
      labelDensity: 0.6,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: 7,
      labelFont: "system-ui, sans-serif",
      labelColor: { color: "#1a1a1a" },
      defaultEdgeColor: "#999999",
      hideEdgesOnMove: graph.size > 10000,
    });
  } catch (err) {
    $("status").textContent = `Could not draw the network (WebGL needed): ${err.message}`;
    document.body.dataset.ready = "error";
    return;
  }
  // The constructor has drawn the first picture.
  mark("drawn");

  setupLayer();
  afterShown(() => {
    mark("actorsShown");
    const shown = () => {
      mark("tiesShown");
      document.body.dataset.drawn = "true";
      // The layout starts once every tie is on the screen, so that its
      // worker does not take the cores the first picture is drawn with.
      if (graph.order > syncLayoutLimit) layoutInWorker(graph);
    };
    if (edgesDrawn) return shown();
    edgesDrawn = true;
    refresh();
    mark("tiesDrawn");
    afterShown(shown);
  });
  renderer.on("clickNode", ({ node }) => {
    // Under a large network's opaque veil (focus mode) only the actors in
    // focus are drawn, and only they can be clicked.
    if (large && state.focus && emphasis && !emphasis.has(node)) return;
    selectActor(node, { camera: false });
  });
  renderer.on("clickEdge", ({ edge }) => showEdge(edge));
  renderer.on("clickStage", ({ event }) => {
    // Sigma picks edges on a reduced framebuffer, where thin lines can
    // vanish: a click within a few pixels of a drawn edge is a click on it.
    const near = nearestEdge(event.x, event.y, 6);
    if (near) showEdge(near);
    else if (state.selected) selectActor(null);
  });
  renderer.on("enterEdge", () => ($("graph").style.cursor = "pointer"));
  renderer.on("leaveEdge", () => ($("graph").style.cursor = ""));
  if (graph.order <= syncLayoutLimit) document.body.dataset.layout = "done";
  setTab(state.tab);
  mark("interactive");
  if (state.selected && net.actors.has(state.selected)) selectActor(state.selected, { keepTab: true });
  else clearDetails();
  if (state.size !== "DEGREE") loadSizes();
  if (state.colour === "COMMUNITY") loadCommunities();
  // data-ready tells tests (and anyone watching) that the network is drawn.
  document.body.dataset.ready = "true";
}

// explorer is the page's handle for the browser test: what the reducers make
// of an actor or a pair, the timings of the first picture, and a promise of
// the next one.
window.explorer = {
  timings,
  nextFrame,
  get frames() {
    return renderedFrames;
  },
  node: (id) => (graph && graph.hasNode(id) ? nodeReducer(id, graph.getNodeAttributes(id)) : null),
  edge: (a, b) => {
    const key = pairKey(a, b);
    return graph && graph.hasEdge(key) ? edgeReducer(key, graph.getEdgeAttributes(key)) : null;
  },
  emphasis: () => (emphasis ? [...emphasis].filter((id) => view.actors.has(id)).sort() : null),
  shown: () => [...view.actors].sort(),
  overlay: () => state.overlay && { type: state.overlay.type, lines: state.overlay.lines.length },
  size: (id) => (graph && graph.hasNode(id) ? nodeSizes.get(id) || 3 : null),
  viewport: (id) => (renderer && graph.hasNode(id) ? renderer.graphToViewport(graph.getNodeAttributes(id)) : null),
  edgeViewport: (a, b) => {
    const p = renderer.graphToViewport(graph.getNodeAttributes(a));
    const q = renderer.graphToViewport(graph.getNodeAttributes(b));
    return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
  },
  contrast,
  // redraw draws the picture again without reprocessing anything: what a
  // frame costs with nothing changed (the floor of an interaction).
  redraw: () => renderer.render(),
};

main();
