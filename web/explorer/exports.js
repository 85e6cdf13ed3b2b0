// exports.js writes the current view of the explorer as files: SVG and PNG
// pictures, GEXF 1.3 with viz colours, sizes and positions (for Gephi), and
// CSV files of the actors and ties shown. Each takes the view as drawn: the
// actors and edges shown with their display colours, sizes and positions.
import { tieKind } from "./palette.js";

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);

// frame maps graph coordinates into a width x height picture with a margin.
function frame(nodes, width, height, margin) {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const scale = (Math.min(width, height) - 2 * margin) / span;
  const ox = (width - (maxX - minX) * scale) / 2;
  const oy = (height - (maxY - minY) * scale) / 2;
  // Graph y grows upwards, picture y downwards.
  return (n) => [ox + (n.x - minX) * scale, height - (oy + (n.y - minY) * scale)];
}

// toSVG draws view ({nodes: [{id, label, x, y, size, color}], edges: [{source,
// target, kind, color, size, dashed}]}) as an SVG document.
export function toSVG(view, { width = 1200, height = 900, title = "peacegraph" } = {}) {
  const at = frame(view.nodes, width, height, 40);
  const pos = new Map(view.nodes.map((n) => [n.id, at(n)]));
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g id="edges" fill="none">`,
  ];
  for (const e of view.edges) {
    const [x1, y1] = pos.get(e.source);
    const [x2, y2] = pos.get(e.target);
    const dash = e.dash && e.dash.length ? ` stroke-dasharray="${e.dash.join(" ")}"` : "";
    out.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${e.color}" stroke-width="${(e.size || 1).toFixed(1)}"${dash}><title>${esc(e.title || e.kind)}</title></line>`);
  }
  out.push(`</g>`, `<g id="nodes">`);
  for (const n of view.nodes) {
    const [x, y] = pos.get(n.id);
    out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${n.size.toFixed(1)}" fill="${n.color}" stroke="#ffffff" stroke-width="0.8"><title>${esc(n.name || n.label)}</title></circle>`);
  }
  out.push(`</g>`, `<g id="labels" font-size="12" fill="#222222">`);
  for (const n of view.nodes) {
    if (!n.showLabel) continue;
    const [x, y] = pos.get(n.id);
    out.push(`<text x="${(x + n.size + 3).toFixed(1)}" y="${(y + 4).toFixed(1)}">${esc(n.label)}</text>`);
  }
  out.push(`</g>`, `</svg>`);
  return out.join("\n");
}

// toPNG renders the SVG of view into a PNG blob, twice the size for sharp
// screens.
export async function toPNG(view, opts) {
  const svg = toSVG(view, opts);
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error("the SVG picture did not load"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext("2d");
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

// toGEXF writes view as GEXF 1.3 with viz colours, sizes and positions and
// the actor and tie kinds as attributes.
export function toGEXF(view) {
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">`,
    `<meta><creator>peacegraph explorer</creator><description>the view as shown: filters, sizes, colours and positions</description></meta>`,
    `<graph defaultedgetype="undirected" mode="static">`,
    `<attributes class="node"><attribute id="kind" title="kind" type="string"/><attribute id="name" title="name" type="string"/><attribute id="value" title="size value" type="double"/></attributes>`,
    `<attributes class="edge"><attribute id="kinds" title="kinds" type="string"/><attribute id="ties" title="tie ids" type="string"/></attributes>`,
    `<nodes>`,
  ];
  for (const n of view.nodes) {
    const [r, g, b] = rgb(n.color);
    out.push(
      `<node id="${esc(n.id)}" label="${esc(n.label)}"><attvalues><attvalue for="kind" value="${esc(n.kind)}"/><attvalue for="name" value="${esc(n.name)}"/>` +
        (n.value === undefined || n.value === null ? "" : `<attvalue for="value" value="${n.value}"/>`) +
        `</attvalues><viz:color r="${r}" g="${g}" b="${b}"/><viz:size value="${n.size.toFixed(2)}"/><viz:position x="${n.x.toFixed(4)}" y="${n.y.toFixed(4)}" z="0"/></node>`,
    );
  }
  out.push(`</nodes>`, `<edges>`);
  view.edges.forEach((e, i) => {
    const [r, g, b] = rgb(e.color);
    out.push(
      `<edge id="e${i}" source="${esc(e.source)}" target="${esc(e.target)}" weight="${e.tieIds.length}"><attvalues><attvalue for="kinds" value="${esc(e.kinds.join(";"))}"/><attvalue for="ties" value="${esc(e.tieIds.join(";"))}"/></attvalues><viz:color r="${r}" g="${g}" b="${b}"/><viz:thickness value="${(e.size || 1).toFixed(2)}"/></edge>`,
    );
  });
  out.push(`</edges>`, `</graph>`, `</gexf>`);
  return out.join("\n");
}

const csvCell = (v) => {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

// toCSV writes rows (arrays) under a header as CSV.
export function toCSV(header, rows) {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// download offers blob as a file named name.
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export { tieKind };
