// explorer.test.mjs checks the network explorer in a real headless Chromium:
// it draws every actor and tie the service holds, finds an actor by name,
// shows its details and sources on click, and fetches only from the service.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { assertLocalOnly, assertNoPolicyViolations, baseURL, gql, openBrowser, screenshotDir } from "./browser.mjs";

// MustAllActors pages through every actor with its tie IDs, as the explorer
// does.
async function MustAllActors() {
  const actors = [];
  let after = null;
  for (;;) {
    const data = await gql(
      `query($after: String) { actors(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id name acronym ties(first: 100) { nodes { id from { id } to { id } } } }
      } }`,
      { after },
    );
    actors.push(...data.actors.nodes);
    if (!data.actors.pageInfo.hasNextPage) return actors;
    after = data.actors.pageInfo.endCursor;
  }
}

test("explorer", async (t) => {
  const actors = await MustAllActors();
  assert.ok(actors.length > 0, "the service has no actors");
  const ties = new Set();
  for (const a of actors) {
    for (const tie of a.ties.nodes) {
      if (tie.from.id !== tie.to.id) ties.add(tie.id);
    }
  }

  const { page, requests, errors } = await openBrowser(t);
  const res = await page.goto(baseURL + "/");
  assert.equal(res.status(), 200);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#status"));

  await t.test("OK renders every actor and tie", async () => {
    const count = page.locator("#count");
    const got = { actors: Number(await count.getAttribute("data-actors")), ties: Number(await count.getAttribute("data-ties")) };
    const want = { actors: actors.length, ties: ties.size };
    assert.deepEqual(got, want);
    assert.match(await count.textContent(), new RegExp(`^${want.actors} actors`));
    assert.ok((await page.locator("#graph canvas").count()) > 0, "no canvas");
    // The label layer is a 2D canvas: a drawn network leaves pixels on it.
    const painted = await page.$$eval("#graph canvas", (canvases) => {
      for (const c of canvases) {
        const ctx = c.getContext("2d");
        if (!ctx) continue;
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        if (n > 0) return n;
      }
      return 0;
    });
    assert.ok(painted > 0, "no label drawn on any 2D canvas");
  });

  // The best-connected actor: the one a searcher is most likely to look for.
  const target = actors.reduce((best, a) => (a.ties.nodes.length > best.ties.nodes.length ? a : best));

  await t.test("OK search and click show details and sources", async () => {
    const { actor } = await gql(`query($id: ID!) { actor(id: $id) { id name aliases sources { title } } }`, { id: target.id });
    await page.fill("#search", target.name);
    await page.press("#search", "Enter");
    await page.waitForFunction((name) => document.querySelector("#details h2")?.textContent.startsWith(name), target.name);
    // The camera centres the selected actor: clear the selection, then click
    // the centre of the graph.
    await page.fill("#search", "");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#details .hint");
    await page.waitForTimeout(600); // camera animation
    const box = await page.locator("#graph").boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction((name) => document.querySelector("#details h2")?.textContent.startsWith(name), target.name);
    const got = await page.$$eval("#sources li strong", (els) => els.map((e) => e.textContent));
    const want = actor.sources.map((s) => s.title);
    assert.deepEqual(got, want);
    assert.ok(want.length > 0, `${target.id} has no sources`);
  });

  await page.screenshot({ path: join(screenshotDir, "peacegraph-explorer.png") });

  await t.test("OK only 127.0.0.1", () => {
    assertLocalOnly(requests);
    assertNoPolicyViolations(errors);
    assert.deepEqual(errors, [], "console errors");
  });
});
