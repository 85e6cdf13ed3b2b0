// graphiql.test.mjs checks GraphiQL in a real headless Chromium: the page
// loads from the service alone, runs its default query and a typed one, and
// shows the server's answers in the result pane.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { assertLocalOnly, assertNoPolicyViolations, baseURL, gql, openBrowser, screenshotDir } from "./browser.mjs";

// editorValue reads the text of one of GraphiQL's CodeMirror editors.
function editorValue(page, selector) {
  return page.$eval(selector, (el) => el.CodeMirror.getValue());
}

// waitForResult waits until the result pane holds JSON for which check holds,
// and returns it.
async function waitForResult(page, check) {
  let last;
  for (let i = 0; i < 100; i++) {
    last = await editorValue(page, ".graphiql-response .CodeMirror");
    try {
      const json = JSON.parse(last);
      if (check(json)) return json;
    } catch {
      // not JSON yet
    }
    await page.waitForTimeout(100);
  }
  assert.fail(`result pane never showed the expected result; it shows: ${last}`);
}

for (const path of ["/graphiql", "/graphiql/"]) {
  test(`GraphiQL at ${path}`, async (t) => {
    const { page, requests, errors } = await openBrowser(t);
    const res = await page.goto(baseURL + path);
    assert.equal(res.status(), 200);
    await page.waitForSelector(".graphiql-container .graphiql-query-editor .CodeMirror", { timeout: 30000 });

    await t.test("OK default query", async () => {
      const query = await editorValue(page, ".graphiql-query-editor .CodeMirror");
      assert.match(query, /REGIONAL_ORGANIZATION/);
      await page.click(".graphiql-execute-button");
      const got = await waitForResult(page, (json) => json.data?.actors !== undefined);
      const want = await gql(query);
      assert.deepEqual(got.data, want);
      assert.ok(want.actors.totalCount >= want.actors.nodes.length);
    });

    await t.test("OK typed query with Ctrl-Enter", async () => {
      const query = "query Typed { actors(first: 3) { totalCount nodes { id name kind } } }";
      await page.click(".graphiql-query-editor .CodeMirror");
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(query);
      assert.equal(await editorValue(page, ".graphiql-query-editor .CodeMirror"), query);
      // GraphiQL names the tab after the operation once it has parsed the
      // new text; running before that would send the old operation name.
      await page.waitForSelector('.graphiql-tab-active button[title="Typed"]');
      await page.keyboard.press("Control+Enter");
      const got = await waitForResult(page, (json) => json.data?.actors?.nodes?.[0]?.name !== undefined);
      const want = await gql(query);
      assert.deepEqual(got.data, want);
      assert.ok(want.actors.nodes.length > 0, "the service has no actors");
    });

    await t.test("OK schema loaded", async () => {
      // GraphiQL introspects the schema from the same endpoint; a missing
      // schema would show as an error in the result pane or console.
      const introspections = requests.filter((u) => new URL(u).pathname === "/graphql");
      assert.ok(introspections.length >= 3, `only ${introspections.length} requests to /graphql`);
    });

    await page.screenshot({ path: join(screenshotDir, `peacegraph-graphiql${path.endsWith("/") ? "-slash" : ""}.png`) });

    await t.test("OK only 127.0.0.1", () => {
      assertLocalOnly(requests);
      assertNoPolicyViolations(errors);
    });
  });
}
