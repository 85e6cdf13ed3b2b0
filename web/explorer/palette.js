// palette.js holds the explorer's colours, dash patterns and readable names.
// Actor kinds use the Okabe-Ito palette, which stays distinct under the
// common forms of colour blindness. Every tie kind has a dash pattern of its
// own (only partnerships are solid), so that no two kinds are told apart by
// colour alone: the browser test checks that any two patterns differ in at
// least a fifth of their pixels however they are aligned. Pictures of more
// than 4,000 ties are drawn without dashes, for speed; there the legend's
// kind toggles and the table view tell the kinds apart.

// actorKinds lists the actor kinds in the legend's order with their names
// and colours.
export const actorKinds = [
  { kind: "UN_ENTITY", label: "UN entity", color: "#0072B2" },
  { kind: "REGIONAL_ORGANIZATION", label: "Regional organization", color: "#E69F00" },
  { kind: "CIVIL_SOCIETY", label: "Civil society", color: "#009E73" },
  { kind: "DONOR", label: "Donor", color: "#CC79A7" },
  { kind: "FINANCIAL_INSTITUTION", label: "Financial institution", color: "#882255" },
  { kind: "GOVERNMENT", label: "Government", color: "#56B4E9" },
  { kind: "PROGRAMME", label: "Programme", color: "#D55E00" },
  { kind: "RESEARCH", label: "Research", color: "#F0E442" },
  { kind: "MECHANISM", label: "Mechanism", color: "#44AA99" },
  { kind: "EVENT", label: "Event", color: "#DDCC77" },
  { kind: "OTHER", label: "Other", color: "#999999" },
];

// tieKinds lists the tie kinds with their names, colours, dash patterns (in
// pixels, empty for solid) and whether they are partnerships: the ties the
// default view shows.
export const tieKinds = [
  { kind: "PARTNERSHIP", label: "Partnership", color: "#0072B2", dash: [], partnership: true },
  { kind: "MOU", label: "MoU", color: "#D55E00", dash: [14, 4], partnership: true },
  { kind: "DIALOGUE", label: "Dialogue", color: "#CC79A7", dash: [6, 4], partnership: true },
  { kind: "COLLABORATION", label: "Collaboration", color: "#009E73", dash: [2, 3], partnership: true },
  { kind: "SUPPORT", label: "Support", color: "#E69F00", dash: [10, 3, 2, 3], partnership: true },
  { kind: "FUNDING", label: "Funding", color: "#332288", dash: [10, 3, 2, 3, 2, 3], partnership: true },
  { kind: "PART_OF", label: "Part of", color: "#555555", dash: [3, 7], partnership: true },
  { kind: "OPERATES_IN", label: "Operates in", color: "#AA4499", dash: [2, 2, 2, 10], partnership: true },
  { kind: "ORGANIZED", label: "Organized", color: "#117733", dash: [14, 3, 5, 3], partnership: true },
  { kind: "PARTICIPATED", label: "Participated", color: "#88CCEE", dash: [6, 2, 1, 2, 1, 2], partnership: true },
  { kind: "SUCCEEDED_BY", label: "Succeeded by", color: "#661100", dash: [20, 6], partnership: true },
  { kind: "MEMBERSHIP", label: "Membership", color: "#9A9A9A", dash: [1, 3], partnership: false },
  { kind: "OTHER", label: "Other", color: "#DDCC77", dash: [8, 2, 1, 2], partnership: true },
];

// communityColors colour the largest communities; the rest are grey.
export const communityColors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255", "#F0E442", "#332288", "#117733"];

// dimColor is the colour of actors and ties outside the emphasis.
export const dimColor = "#dddddd";

export const actorKind = Object.fromEntries(actorKinds.map((k) => [k.kind, k]));
export const tieKind = Object.fromEntries(tieKinds.map((k) => [k.kind, k]));

// tiePriority is the order in which a pair's kinds pick the colour of the
// edge that stands for them: the first shown kind in this list.
export const tiePriority = ["MOU", "PARTNERSHIP", "FUNDING", "DIALOGUE", "COLLABORATION", "SUPPORT", "ORGANIZED", "PARTICIPATED", "PART_OF", "OPERATES_IN", "SUCCEEDED_BY", "OTHER", "MEMBERSHIP"];

// symmetric tie kinds have no direction.
export const symmetric = new Set(["MOU", "PARTNERSHIP", "DIALOGUE", "COLLABORATION", "OTHER"]);

export const scopeLabels = { GLOBAL: "Global", REGIONAL: "Regional", NATIONAL: "National", LOCAL: "Local" };

export const metrics = [
  { metric: "DEGREE", label: "Degree" },
  { metric: "BETWEENNESS", label: "Betweenness" },
  { metric: "PAGERANK", label: "PageRank" },
  { metric: "EIGENVECTOR", label: "Eigenvector" },
  { metric: "CONSTRAINT", label: "Constraint (Burt)" },
];

// kindLabel is the readable name of an actor kind ("UN entity").
export function kindLabel(kind) {
  return actorKind[kind]?.label || kind;
}

// tieLabel is the readable name of a tie kind ("MoU").
export function tieLabel(kind) {
  return tieKind[kind]?.label || kind;
}

function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// textOn returns black or white, whichever reads better on background.
export function textOn(background) {
  return contrast(background, "#000000") >= contrast(background, "#ffffff") ? "#000000" : "#ffffff";
}
