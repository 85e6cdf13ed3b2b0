// explorer.test.mjs checks the network workbench at / in a real headless
// Chromium, as an analyst, a donor and a keyboard or phone user would use it,
// against the service's own answers: the default partnerships-first view,
// every actor and tie loaded, filters with live counts, ranked search that
// leaves the selection alone, ego networks, shortest paths, focus, metrics
// and communities, details with tie sources and clickable edges, the table,
// exports, URL state, the gaps tab, contrast, keyboard and the phone layout.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { assertLocalOnly, assertNoPolicyViolations, baseURL, gql, openBrowser, screenshotDir, timed } from "./browser.mjs";

const partnershipKinds = ["PARTNERSHIP", "MOU", "DIALOGUE", "COLLABORATION", "SUPPORT", "FUNDING", "PART_OF", "OPERATES_IN", "ORGANIZED", "PARTICIPATED", "SUCCEEDED_BY", "OTHER"];

// expected computes what the explorer should show for a selection from the
// service's networkData: the actors with at least one tie to another actor
// and the ties among them (isolates hidden, the explorer's default).
async function expected(network, { isolates = false } = {}) {
  const { networkData: d } = await gql(
    `query($n: NetworkSelection) { networkData(network: $n) { actorIds actorKinds actorRegions tieIds tieFrom tieTo } }`,
    { n: { organsWithParent: false, ...network } },
  );
  const linked = new Set();
  d.tieIds.forEach((_, i) => {
    if (d.tieFrom[i] !== d.tieTo[i]) {
      linked.add(d.actorIds[d.tieFrom[i]]);
      linked.add(d.actorIds[d.tieTo[i]]);
    }
  });
  const actors = isolates ? new Set(d.actorIds) : linked;
  const ties = d.tieIds.filter((_, i) => actors.has(d.actorIds[d.tieFrom[i]]));
  return { actors: [...actors].sort(), ties: ties.length, data: d };
}

async function counts(page) {
  const c = page.locator("#count");
  return { actors: Number(await c.getAttribute("data-actors")), ties: Number(await c.getAttribute("data-ties")) };
}

async function waitForDetails(page, name) {
  await page.waitForFunction((n) => document.querySelector("#details h2")?.textContent.startsWith(n), name, { timeout: 20000 });
}

const shot = (page, name) => page.screenshot({ path: join(screenshotDir, `peacegraph-explorer-${name}.png`) });

test("explorer workbench", async (t) => {
  const totals = await gql(`{ actors(first: 1) { totalCount } ties(first: 1) { totalCount } }`);
  const { page, requests, errors } = await openBrowser(t, { downloads: true });
  const res = await page.goto(baseURL + "/");
  assert.equal(res.status(), 200);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#status"));
  const interactions = {};

  await t.test("OK partnerships first by default", async () => {
    assert.equal(await page.isChecked('#tie-filters input[value="MEMBERSHIP"]'), false, "MEMBERSHIP is on by default");
    const want = await expected({ tieKinds: partnershipKinds });
    assert.deepEqual(await counts(page), { actors: want.actors.length, ties: want.ties });
    assert.deepEqual(await page.evaluate(() => window.explorer.shown()), want.actors);
    assert.match(await page.textContent("#count"), new RegExp(`^${want.actors.length.toLocaleString("en")} actors, ${want.ties.toLocaleString("en")} ties shown`));
    assert.ok(want.ties > 0, "the service has no partnership ties");
    await shot(page, "default");
  });

  await t.test("OK every actor and tie with all ties and isolates", async () => {
    interactions.allTies = await timed(page, "#ties-all");
    await page.check("#isolates");
    assert.deepEqual(await counts(page), { actors: totals.actors.totalCount, ties: totals.ties.totalCount });
    await page.uncheck("#isolates");
    await page.click("#ties-partnerships");
  });

  // The best-connected actor in the partnership view.
  const { data } = await expected({ tieKinds: partnershipKinds });
  const degree = new Map();
  data.tieIds.forEach((_, i) => {
    for (const end of [data.tieFrom[i], data.tieTo[i]]) degree.set(data.actorIds[end], (degree.get(data.actorIds[end]) || 0) + 1);
  });
  const hub = [...degree].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const { actor: hubActor } = await gql(`query($id: ID!) { actor(id: $id) { id name acronym sources { title } ties(first: 1) { totalCount } } }`, { id: hub });

  await t.test("OK ranked search selects the best match and shows every tie and source", async () => {
    await page.fill("#search", hubActor.acronym || hubActor.name);
    await page.waitForSelector("#search-hits li");
    const { search } = await gql(`query($q: String!) { search(query: $q, first: 8) { nodes { actor { id } } } }`, { q: hubActor.acronym || hubActor.name });
    assert.equal(await page.getAttribute("#search-hits li:first-child", "data-id"), search.nodes[0].actor.id);
    await page.press("#search", "Enter");
    await waitForDetails(page, hubActor.name);
    await page.waitForSelector("#ties-heading");
    assert.equal(await page.textContent("#ties-heading"), `Ties (${hubActor.ties.totalCount})`);
    assert.equal(await page.locator("#ties > li").count(), hubActor.ties.totalCount);
    assert.deepEqual(await page.$$eval("#sources > li > strong", (els) => els.map((e) => e.textContent)), hubActor.sources.map((s) => s.title));
    // A tie's sources are under its folded "Sources (n)": opened, they are all there.
    const firstTie = page.locator("#ties > li").first();
    const n = Number((await firstTie.locator("summary").textContent()).match(/\((\d+)\)/)[1]);
    await firstTie.locator("summary").click();
    await page.waitForFunction(() => document.querySelector("#ties > li details")?.open);
    assert.equal(await firstTie.locator(".sources > li > strong").count(), n, "a tie's sources when opened");
    assert.ok(n > 0, "the first tie has no source");
    await page.waitForSelector("#metrics table", { timeout: 30000 });
    assert.match(await page.textContent("#metrics"), /Brandes/i, "the metrics do not say how betweenness was computed");
  });

  const neighbour = (await page.evaluate(() => window.explorer.emphasis())).find((id) => id !== hub);

  await t.test("OK search leaves the selection's neighbours alone", async () => {
    assert.ok(neighbour, `${hub} has no neighbour`);
    await page.fill("#search", "a");
    await page.waitForSelector("#search-hits li");
    const d = await page.evaluate((id) => window.explorer.node(id), neighbour);
    assert.notEqual(d.color, "#dddddd", `${neighbour} is greyed while searching`);
    assert.ok(!d.hidden && d.label, `${neighbour} is hidden or unlabelled while searching`);
    await page.fill("#search", "");
    await shot(page, "selected");
  });

  await t.test("OK ego networks of 1, 2 and 3 hops match neighbourhood", async () => {
    for (const hops of [2, 3, 1]) {
      interactions[`hops${hops}`] = await timed(page, `button.hops:nth-of-type(${hops})`);
      const { neighbourhood } = await gql(`query($id: ID!, $h: Int!, $n: NetworkSelection) { neighbourhood(ids: [$id], hops: $h, network: $n) { actors { actor { id } } } }`, { id: hub, h: hops, n: { tieKinds: partnershipKinds, organsWithParent: false } });
      const want = neighbourhood.actors.map((a) => a.actor.id).sort();
      assert.deepEqual(await page.evaluate(() => window.explorer.emphasis()), want, `${hops} hops`);
    }
  });

  await t.test("OK focus hides the rest", async () => {
    await page.check("#focus");
    const em = new Set(await page.evaluate(() => window.explorer.emphasis()));
    const other = (await page.evaluate(() => window.explorer.shown())).find((id) => !em.has(id));
    if (other) assert.equal((await page.evaluate((id) => window.explorer.node(id), other)).hidden, true, `${other} is drawn in focus mode`);
    assert.equal((await page.evaluate((id) => window.explorer.node(id), hub)).hidden, undefined);
    await shot(page, "focus");
    await page.uncheck("#focus");
  });

  await t.test("OK shortest path drawn as the service finds it", async () => {
    // The farthest actor reachable from the hub in the view.
    const { neighbourhood } = await gql(`query($id: ID!, $n: NetworkSelection) { neighbourhood(ids: [$id], hops: 10, network: $n) { actors { hops actor { id name } } } }`, { id: hub, n: { tieKinds: partnershipKinds, organsWithParent: false } });
    const far = neighbourhood.actors.at(-1);
    assert.ok(far.hops >= 2, "no actor two ties away from the hub");
    const { shortestPaths } = await gql(`query($a: ID!, $b: ID!, $n: NetworkSelection) { shortestPaths(from: $a, to: $b, network: $n) { length } }`, { a: hub, b: far.actor.id, n: { tieKinds: partnershipKinds, organsWithParent: false } });
    await page.fill("#path-to", far.actor.name);
    await page.waitForSelector(`#path-hits li[data-id="${far.actor.id}"]`);
    await page.click(`#path-hits li[data-id="${far.actor.id}"]`);
    await page.waitForSelector("#path-result .path");
    assert.match(await page.textContent("#path-result"), new RegExp(`Shortest path \\(${shortestPaths.length} ties\\)`));
    assert.equal((await page.evaluate(() => window.explorer.emphasis())).length, shortestPaths.length + 1);
    await shot(page, "path");
    await page.click("button.hops >> nth=0");
  });

  await t.test("OK clicking an edge shows its ties with sources", async () => {
    await page.keyboard.press("Escape");
    await page.click("#graph", { position: { x: 5, y: 5 } });
    await page.waitForTimeout(400);
    // An edge of the hub whose middle is clear of every actor.
    const box = await page.locator("#graph").boundingBox();
    const around = new Set();
    data.tieIds.forEach((_, i) => {
      const [a, b] = [data.actorIds[data.tieFrom[i]], data.actorIds[data.tieTo[i]]];
      if (a === hub && b !== hub) around.add(b);
      if (b === hub && a !== hub) around.add(a);
    });
    const pick = await page.evaluate(([h, w, ht, ns]) => {
      const ids = window.explorer.shown();
      const pts = ids.map((id) => window.explorer.viewport(id));
      let best = null;
      for (const n of ns) {
        if (n === h) continue;
        const m = window.explorer.edgeViewport(h, n);
        if (m.x < 10 || m.y < 10 || m.x > w - 10 || m.y > ht - 10) continue;
        const clear = Math.min(...pts.map((p) => Math.hypot(p.x - m.x, p.y - m.y)));
        if (!best || clear > best.clear) best = { n, m, clear };
      }
      return best;
    }, [hub, box.width, box.height, [...around]]);
    assert.ok(pick, "no edge of the hub is on screen");
    const [other, at] = [pick.n, pick.m];
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector("#edge-ties > li", { timeout: 10000 }).catch(async (err) => {
      throw new Error(`${err.message}; clicked ${hub}-${other} at ${JSON.stringify(at)}, details: ${await page.textContent("#details")}`);
    });
    const pair = [hub, other].sort();
    const ids = data.tieIds.filter((_, i) => {
      const ends = [data.actorIds[data.tieFrom[i]], data.actorIds[data.tieTo[i]]].sort();
      return ends[0] === pair[0] && ends[1] === pair[1];
    });
    assert.deepEqual((await page.$$eval("#edge-ties > li", (els) => els.map((e) => e.dataset.tie))).sort(), ids.sort());
    assert.ok((await page.locator("#edge-ties .sources li").count()) >= ids.length, "a tie shows no source");
    assert.match(await page.getAttribute("#details .graphiql-link", "href"), /^\/graphiql\?query=/);
  });

  await t.test("OK actor kinds, region and date filters match NetworkSelection", async () => {
    interactions.actorKind = await timed(page, '.kind-toggle[data-kind="GOVERNMENT"]');
    const kinds = ["UN_ENTITY", "REGIONAL_ORGANIZATION", "CIVIL_SOCIETY", "DONOR", "FINANCIAL_INSTITUTION", "PROGRAMME", "RESEARCH", "MECHANISM", "EVENT", "OTHER"];
    let want = await expected({ tieKinds: partnershipKinds, actorKinds: kinds });
    assert.deepEqual(await counts(page), { actors: want.actors.length, ties: want.ties });
    await page.click('.kind-toggle[data-kind="GOVERNMENT"]');
    const regions = (await gql(`{ places(kind: REGION) { id } }`)).places.map((p) => p.id);
    const region = regions.includes("west-africa") ? "west-africa" : regions[0];
    await page.selectOption("#region", region);
    want = await expected({ tieKinds: partnershipKinds, regions: [region] });
    assert.deepEqual(await counts(page), { actors: want.actors.length, ties: want.ties }, `region ${region}`);
    await page.selectOption("#region", "");
    const year = await page.$eval("#as-of", (s) => String(Math.round((Number(s.min) + Number(s.max)) / 2)));
    await page.$eval("#as-of", (s, y) => {
      s.value = y;
      s.dispatchEvent(new Event("input", { bubbles: true }));
    }, year);
    want = await expected({ tieKinds: partnershipKinds, asOf: year });
    assert.deepEqual(await counts(page), { actors: want.actors.length, ties: want.ties }, `as of ${year}`);
    assert.match(await page.textContent("#as-of-value"), new RegExp(year));
    await page.$eval("#as-of", (s) => {
      s.value = s.max;
      s.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  await t.test("OK size by betweenness and colour by community", async () => {
    await page.selectOption("#size-by", "BETWEENNESS");
    await page.waitForFunction(() => /Brandes/i.test(document.getElementById("size-method")?.textContent || ""), null, { timeout: 30000 });
    const { centrality } = await gql(`query($n: NetworkSelection) { centrality(metric: BETWEENNESS, network: $n, top: 1) { items { actor { id } } } }`, { n: { tieKinds: partnershipKinds, organsWithParent: false } });
    const top = centrality.items[0].actor.id;
    const sizes = await page.evaluate((ids) => ids.map((id) => window.explorer.size(id)), await page.evaluate(() => window.explorer.shown()));
    assert.equal(await page.evaluate((id) => window.explorer.size(id), top), Math.max(...sizes));
    await page.selectOption("#colour-by", "COMMUNITY");
    const { communities } = await gql(`query($n: NetworkSelection) { communities(network: $n) { count } }`, { n: { tieKinds: partnershipKinds, organsWithParent: false } });
    await page.waitForSelector("#legend-communities h3");
    assert.match(await page.textContent("#legend-communities h3"), new RegExp(`^Communities \\(${communities.count},`));
    await shot(page, "communities");
    await page.selectOption("#colour-by", "KIND");
  });

  await t.test("OK URL keeps the view", async () => {
    await page.click('.kind-toggle[data-kind="GOVERNMENT"]');
    await page.fill("#search", hubActor.acronym || hubActor.name);
    await page.waitForSelector("#search-hits li");
    await page.press("#search", "Enter");
    await waitForDetails(page, hubActor.name);
    const url = page.url();
    const before = await counts(page);
    assert.match(url, /actors=/);
    assert.match(url, new RegExp(`actor=${hub}`));
    assert.match(url, /size=BETWEENNESS/);
    const { page: other } = await openBrowser(t);
    await other.goto(url);
    await other.waitForSelector("body[data-ready=true]", { timeout: 60000 });
    await waitForDetails(other, hubActor.name);
    assert.deepEqual(await counts(other), before);
    assert.equal(await other.getAttribute('.kind-toggle[data-kind="GOVERNMENT"]', "aria-pressed"), "false");
    assert.equal(await other.inputValue("#size-by"), "BETWEENNESS");
    // The tab is part of the view too.
    await other.click('#tabs [data-tab="gaps"]');
    assert.match(other.url(), /tab=gaps/);
    const { page: third } = await openBrowser(t);
    await third.goto(other.url());
    await third.waitForSelector("body[data-ready=true]", { timeout: 60000 });
    assert.equal(await third.getAttribute('#tabs [data-tab="gaps"]', "aria-selected"), "true");
    assert.ok(await third.isVisible("#gaps"), "the gaps tab is not shown");
    await page.click('.kind-toggle[data-kind="GOVERNMENT"]');
  });

  await t.test("OK table of what is shown, sortable", async () => {
    await page.click('#tabs [data-tab="table"]');
    const c = await counts(page);
    assert.equal(await page.locator("#table-actors tbody tr").count(), Math.min(c.actors, 500));
    assert.equal(await page.locator("#table-ties tbody tr").count(), Math.min(c.ties, 500));
    await page.click('#table-actors th:first-child button');
    const names = await page.$$eval("#table-actors tbody tr td:first-child", (tds) => tds.map((td) => td.textContent));
    const sorted = [...names].sort((a, b) => a.localeCompare(b));
    assert.ok(JSON.stringify(names) === JSON.stringify(sorted) || JSON.stringify(names) === JSON.stringify([...sorted].reverse()), "names are not sorted");
    await shot(page, "table");
    await page.click('#tabs [data-tab="graph"]');
  });

  await t.test("OK exports of the view", async () => {
    await page.keyboard.press("Escape");
    await page.click("#graph", { position: { x: 5, y: 5 } });
    const c = await counts(page);
    const save = async (format) => {
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`[data-export="${format}"]`)]);
      return readFile(await dl.path());
    };
    const gexf = (await save("gexf")).toString();
    assert.equal((gexf.match(/<node /g) || []).length, c.actors);
    assert.match(gexf, /<viz:color r="\d+" g="\d+" b="\d+"\/><viz:size value="[\d.]+"\/><viz:position x="-?[\d.]+" y="-?[\d.]+"/);
    const svg = (await save("svg")).toString();
    assert.equal((svg.match(/<circle /g) || []).length, c.actors);
    const tieRows = (await save("ties")).toString().trim().split("\r\n").length - 1;
    assert.equal(tieRows, c.ties);
    const actorRows = (await save("actors")).toString().trim().split("\r\n").length - 1;
    assert.equal(actorRows, c.actors);
    const png = await save("png");
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  await t.test("OK gaps tab for donors", async () => {
    await page.click('#tabs [data-tab="gaps"]');
    await page.waitForSelector("#gap-bars", { timeout: 30000 });
    const { fundingGaps } = await gql(`{ fundingGaps(top: 30) { group } }`);
    assert.equal(await page.locator("#gap-bars > li").count(), fundingGaps.length);
    // "no data" is shown as such, never as a zero bar.
    for (const li of await page.locator("#gap-bars > li[data-coverage=NO_DATA]").all()) {
      assert.match(await li.textContent(), /no data/);
      assert.equal(await li.locator(".bar.funding").count(), 0);
    }
    // Money is compared in one currency at stated rates: a group funded
    // only in euros or pounds is not drawn as unfunded.
    const usd = await gql(`{ fundingGaps(top: 30, filter: {convertTo: "USD"}) { group funding coverage } }`);
    for (const g of usd.fundingGaps.filter((x) => x.coverage === "FUNDED")) {
      const text = await page.locator(`#gap-bars > li[data-group="${g.group}"]`).textContent();
      assert.ok(g.funding > 0, `${g.group} is FUNDED with no money in USD`);
      assert.match(text, / USD\)/, `${g.group}: ${text}`);
    }
    assert.match(await page.locator("#gaps").textContent(), /US dollars, converted at the IMF's yearly average rates/);
    // A region with no triad says so; it is not a 0% coverage.
    for (const r of (await gql(`{ triadCoverage(top: 50) { name closedCount openCount } }`)).triadCoverage.filter((x) => x.closedCount + x.openCount === 0)) {
      const li = page.locator("#triads > li", { hasText: r.name }).first();
      if (await li.count()) assert.match(await li.textContent(), /no triad here/);
    }
    const { triadCoverage } = await gql(`{ triadCoverage(top: 10) { region open { missing { from } } } }`);
    const open = triadCoverage.find((r) => r.open.length > 0);
    if (open) {
      await page.click(`button.draw-missing[data-region="${open.region}"]`);
      const overlay = await page.evaluate(() => window.explorer.overlay());
      assert.deepEqual(overlay, { type: "triads", lines: open.open.reduce((n, tr) => n + tr.missing.length, 0) });
      assert.ok(await page.isVisible("#overlay-note"));
      // The missing sides are named as people read them, never by ID.
      const listed = await page.locator("#triads li li").allTextContents();
      assert.ok(listed.length > 0 && listed.every((s) => /missing: /.test(s) && !/missing: .*[a-z]+-[a-z]+-[a-z]+ –/.test(s)), `missing sides named by ID: ${listed.join(" | ")}`);
    }
    await shot(page, "gaps");
    await page.click("#overlay-note button");
    await page.click('#tabs [data-tab="graph"]');
  });

  await t.test("OK contrast, text alternative and keyboard", async () => {
    await page.click('#tabs [data-tab="graph"]');
    const ratios = await page.$$eval(".kind, #tabs [role=tab], .hint, button.link, #count", (els) =>
      els.map((e) => {
        const cs = getComputedStyle(e);
        let bg = cs.backgroundColor;
        for (let p = e; p && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
        const hex = (c) => "#" + c.match(/\d+/g).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, "0")).join("");
        return { text: e.textContent.slice(0, 30), ratio: window.explorer.contrast(hex(cs.color), hex(bg)) };
      }),
    );
    for (const r of ratios) assert.ok(r.ratio >= 4.5, `contrast ${r.ratio.toFixed(2)} < 4.5 for "${r.text}"`);
    // No two tie kinds told apart by colour alone: the legend's line
    // swatches, as drawn, differ in at least a fifth of their pixels at every
    // alignment of their dash patterns.
    const swatches = await page.$$eval("#tie-filters label", (labels) =>
      labels.map((l) => ({ kind: l.textContent.trim(), dash: (l.querySelector("svg line")?.getAttribute("stroke-dasharray") || "").split(" ").filter(Boolean).map(Number) })),
    );
    assert.ok(swatches.length >= 10, `tie legend has ${swatches.length} kinds`);
    const pixels = (dash, n) => {
      const on = [];
      for (let i = 0, j = 0, lit = true; on.length < n; j++, lit = !lit) for (let k = 0; k < (dash.length ? dash[j % dash.length] : n); k++) on.push(dash.length ? lit : true);
      return on.slice(0, n);
    };
    const n = 840; // a common multiple of the patterns' periods
    for (let i = 0; i < swatches.length; i++) {
      for (let j = i + 1; j < swatches.length; j++) {
        const [a, b] = [pixels(swatches[i].dash, n), pixels(swatches[j].dash, n)];
        let least = n;
        for (let s = 0; s < n; s++) {
          let d = 0;
          for (let x = 0; x < n; x++) if (a[x] !== b[(x + s) % n]) d++;
          least = Math.min(least, d);
        }
        assert.ok(least >= n / 5, `${swatches[i].kind} [${swatches[i].dash}] and ${swatches[j].kind} [${swatches[j].dash}] differ in ${least} of ${n} pixels`);
      }
    }
    assert.match(await page.textContent("#graph-summary"), /^Network of \d+ actors and \d+ ties/);
    assert.equal(await page.getAttribute("#details", "aria-live"), "polite");
    await page.focus("#graph");
    interactions.keyboard = await timed(page, "#graph", "ArrowRight");
    await page.waitForFunction(() => document.querySelector("#details")?.dataset.actor);
    const first = await page.getAttribute("#details", "data-actor");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((a) => document.querySelector("#details")?.dataset.actor && document.querySelector("#details").dataset.actor !== a, first);
  });

  t.diagnostic(`interactions (ms, seed): ${JSON.stringify(Object.fromEntries(Object.entries(interactions).map(([k, v]) => [k, Math.round(v)])))}`);

  await t.test("OK only 127.0.0.1", () => {
    assertLocalOnly(requests);
    assertNoPolicyViolations(errors);
    assert.deepEqual(errors, [], "console errors");
  });
});

test("explorer on a phone", async (t) => {
  const { page, requests, errors } = await openBrowser(t, { viewport: { width: 390, height: 844 } });
  await page.goto(baseURL + "/");
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  await t.test("OK the graph gets the screen, the panel is a bottom sheet", async () => {
    await page.click("#controls > summary"); // fold the filters
    const g = await page.locator("#graph").boundingBox();
    const panel = await page.locator("#panel").boundingBox();
    assert.ok(g.height >= 0.5 * 844, `graph is ${g.height} px high`);
    assert.ok(g.width >= 380, `graph is ${g.width} px wide`);
    assert.ok(panel.y + panel.height >= 843 && panel.height <= 0.4 * 844, `panel at ${panel.y}, ${panel.height} px high`);
    await page.click("#sheet-toggle");
    assert.equal(await page.getAttribute("#sheet-toggle", "aria-expanded"), "true");
    const open = await page.locator("#panel").boundingBox();
    assert.ok(open.height > panel.height && open.y + open.height >= 843, `the opened sheet is ${open.height} px high at ${open.y}, folded ${panel.height}`);
    await page.screenshot({ path: join(screenshotDir, "peacegraph-explorer-phone.png") });
  });
  await t.test("OK only 127.0.0.1", () => {
    assertLocalOnly(requests);
    assertNoPolicyViolations(errors);
    assert.deepEqual(errors, [], "console errors");
  });
});
