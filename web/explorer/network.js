// network.js turns the service's networkData into the explorer's model
// and answers the questions the views ask of it: which actors and ties a
// selection keeps (with NetworkSelection's semantics), who is within some
// hops of an actor, and a shortest path. It knows nothing of the page.
import { tiePriority } from "./palette.js";

// fromColumns reads the service's networkData (the network in columns):
// actors keyed by ID, ties in ID order, and one pair per pair of distinct
// actors with the ties between them (parallel ties of a pair become one edge).
export function fromColumns(d) {
  const actors = new Map();
  d.actorIds.forEach((id, i) => {
    actors.set(id, { id, name: d.actorNames[i], acronym: d.actorAcronyms[i], kind: d.actorKinds[i], regions: d.actorRegions[i] });
  });
  const ties = [];
  const pairs = new Map();
  d.tieIds.forEach((id, i) => {
    const from = d.actorIds[d.tieFrom[i]];
    const to = d.actorIds[d.tieTo[i]];
    const t = { id, from, to, kind: d.tieKinds[i], since: d.tieSince[i], until: d.tieUntil[i], weight: d.tieWeights[i] };
    ties.push(t);
    if (from === to) return;
    const key = from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
    let p = pairs.get(key);
    if (!p) {
      p = { key, a: from < to ? from : to, b: from < to ? to : from, ties: [] };
      pairs.set(key, p);
    }
    p.ties.push(t);
  });
  return { actors, ties, pairs };
}

// first and last day of a date of the form YYYY, YYYY-MM or YYYY-MM-DD.
function firstDay(d) {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}
function lastDay(d) {
  if (d.length === 4) return `${d}-12-31`;
  if (d.length === 7) {
    const [y, m] = d.split("-").map(Number);
    return `${d}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
  }
  return d;
}

// select applies a selection (tieKinds, actorKinds and regions as Sets,
// empty meaning all, and asOf) as NetworkSelection does, then drops the
// actors left without a tie unless isolates. It returns the actors kept, the
// ties kept, each pair's kept ties, the kept degree of each actor, and the
// ties of each kind that the other filters keep (the counts beside the
// tie-kind filters). One pass over the pairs and one over the ties, so that a
// filter change on 20,000 ties stays well within a frame's budget.
export function select(net, sel) {
  const keepActor = new Set();
  for (const a of net.actors.values()) {
    if (sel.actorKinds.size && !sel.actorKinds.has(a.kind)) continue;
    if (sel.regions.size && !a.regions.some((r) => sel.regions.has(r))) continue;
    keepActor.add(a.id);
  }
  const day = sel.asOf ? firstDay(sel.asOf) : "";
  const heldOn = (t) => !day || ((!t.since || firstDay(t.since) <= day) && (!t.until || lastDay(t.until) >= day));
  const allKinds = !sel.tieKinds.size;
  const tieOK = (t) => (allKinds || sel.tieKinds.has(t.kind)) && keepActor.has(t.from) && keepActor.has(t.to) && heldOn(t);
  const pairTies = new Map();
  const degree = new Map();
  for (const p of net.pairs.values()) {
    let kept = null;
    for (const t of p.ties) {
      if (!tieOK(t)) continue;
      if (kept === null) kept = [];
      kept.push(t);
    }
    if (kept === null) continue;
    pairTies.set(p.key, kept);
    degree.set(p.a, (degree.get(p.a) || 0) + 1);
    degree.set(p.b, (degree.get(p.b) || 0) + 1);
  }
  const actors = new Set();
  for (const id of keepActor) {
    if (sel.isolates || degree.has(id)) actors.add(id);
  }
  const ties = [];
  const kindCounts = new Map();
  for (const t of net.ties) {
    if (!keepActor.has(t.from) || !keepActor.has(t.to) || !heldOn(t)) continue;
    kindCounts.set(t.kind, (kindCounts.get(t.kind) || 0) + 1);
    if ((allKinds || sel.tieKinds.has(t.kind)) && actors.has(t.from)) ties.push(t);
  }
  return { actors, ties, pairTies, degree, selected: keepActor, kindCounts };
}

// edgeKind is the kind that colours an edge standing for ties.
export function edgeKind(ties) {
  let best = ties[0].kind;
  for (const t of ties) {
    if (tiePriority.indexOf(t.kind) < tiePriority.indexOf(best)) best = t.kind;
  }
  return best;
}

// adjacency lists each kept actor's kept neighbours.
export function adjacency(net, view) {
  const adj = new Map();
  for (const key of view.pairTies.keys()) {
    const p = net.pairs.get(key);
    if (!view.actors.has(p.a) || !view.actors.has(p.b)) continue;
    if (!adj.has(p.a)) adj.set(p.a, []);
    if (!adj.has(p.b)) adj.set(p.b, []);
    adj.get(p.a).push(p.b);
    adj.get(p.b).push(p.a);
  }
  for (const l of adj.values()) l.sort();
  return adj;
}

// within returns the actors within hops of start, direction ignored, with
// their distance.
export function within(adj, start, hops) {
  const dist = new Map([[start, 0]]);
  let frontier = [start];
  for (let h = 1; h <= hops && frontier.length; h++) {
    const next = [];
    for (const u of frontier) {
      for (const v of adj.get(u) || []) {
        if (!dist.has(v)) {
          dist.set(v, h);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return dist;
}

// shortestPath returns a shortest path from a to b as a list of actor IDs
// (the first in ID order among equals), or null when b cannot be reached.
export function shortestPath(adj, a, b) {
  if (a === b) return [a];
  const parent = new Map([[a, null]]);
  let frontier = [a];
  while (frontier.length) {
    const next = [];
    for (const u of frontier) {
      for (const v of adj.get(u) || []) {
        if (parent.has(v)) continue;
        parent.set(v, u);
        if (v === b) {
          const path = [b];
          for (let x = u; x !== null; x = parent.get(x)) path.push(x);
          return path.reverse();
        }
        next.push(v);
      }
    }
    frontier = next;
  }
  return null;
}

// pairKey is the key of the pair of actors a and b.
export function pairKey(a, b) {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
