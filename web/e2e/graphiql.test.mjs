// graphiql.test.mjs checks GraphiQL 5 in a real headless Chromium: the page
// loads from the service alone, opens the README's example queries as tabs,
// runs them and a typed one and shows the server's answers, opens ?query=
// deep links, offers a headers template for API keys (not sent until filled
// in) and the query-builder explorer.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { assertLocalOnly, assertNoPolicyViolations, baseURL, gql, openBrowser, screenshotDir } from "./browser.mjs";

// readmeQueries are the README's ```graphql examples, which the tabs hold.
async function readmeQueries() {
  const text = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

// editorText is the text of the Monaco editor under selector, as shown.
async function editorText(page, selector) {
  return (await page.textContent(`${selector} .view-lines`)).replace(/\u00a0/g, " ");
}

// settledEditorText waits until the editor under selector shows text that
// satisfies ok, or 10 s have passed, and returns what it shows then: Monaco
// draws its lines after the element appears, one frame at a time.
async function settledEditorText(page, selector, ok) {
  const deadline = Date.now() + 10000;
  let text = await editorText(page, selector);
  while (!ok(text) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    text = await editorText(page, selector);
  }
  return text;
}

const squash = (s) => s.replace(/\s+/g, "");

// run presses the execute button and returns the JSON the server sent for
// the request made.
async function run(page, click = () => page.click(".graphiql-execute-button")) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/graphql" && r.request().method() === "POST" && !/IntrospectionQuery/.test(r.request().postData() || "")),
    click(),
  ]);
  return { request: res.request(), body: await res.json() };
}

for (const path of ["/graphiql", "/graphiql/"]) {
  test(`GraphiQL 5 at ${path}`, async (t) => {
    const examples = await readmeQueries();
    const { page, requests, errors } = await openBrowser(t);
    const res = await page.goto(baseURL + path);
    assert.equal(res.status(), 200);
    await page.waitForSelector(".graphiql-container .graphiql-query-editor .monaco-editor", { timeout: 60000 });

    await t.test("OK the README's examples are tabs and run", async () => {
      assert.ok(examples.length >= 3, "the README has fewer than 3 examples");
      assert.equal(await page.locator(".graphiql-tab").count(), examples.length);
      // The first tab is open: run it.
      const { request, body } = await run(page);
      const sent = JSON.parse(request.postData());
      assert.deepEqual(body.data, await gql(sent.query), `GraphiQL sent ${request.postData()} and got ${JSON.stringify(body)}`);
      assert.equal(body.errors, undefined);
      await page.waitForFunction(() => /"data"/.test(document.querySelector(".graphiql-response .view-lines")?.textContent || ""));
      // The headers template is not sent while it holds the placeholder.
      assert.equal(request.headers().authorization, undefined);
      for (let i = 0; i < examples.length; i++) {
        await page.click(`.graphiql-tab >> nth=${i} >> button.graphiql-tab-button`);
        const body = squash(examples[i].replace(/^\{/, ""));
        const shown = squash(await settledEditorText(page, ".graphiql-query-editor", (text) => squash(text).includes(body.slice(0, 40))));
        assert.ok(shown.includes(body.slice(0, 40)), `tab ${i} shows ${shown.slice(0, 80)}`);
      }
    });

    await t.test("OK typed query with Ctrl-Enter", async () => {
      const query = "query Typed { actors(first: 3) { totalCount nodes { id name kind } } }";
      await page.click(".graphiql-query-editor .monaco-editor .view-lines");
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(query);
      await page.waitForSelector('.graphiql-tab-active button:has-text("Typed")');
      const { body } = await run(page, () => page.keyboard.press("Control+Enter"));
      assert.deepEqual(body.data, await gql(query));
      assert.ok(body.data.actors.nodes.length > 0, "the service has no actors");
    });

    await t.test("OK headers template for API keys", async () => {
      await page.click('.graphiql-editor-tools button:has-text("Headers")');
      await page.waitForSelector('.monaco-editor[data-uri*="headers"] .view-lines');
      const template = /"Authorization": "Bearer YOUR-API-KEY"/;
      const headers = await settledEditorText(page, '.monaco-editor[data-uri*="headers"]', (text) => template.test(text));
      assert.match(headers, template);
    });

    await t.test("OK the explorer plugin", async () => {
      await page.click('button[aria-label="Show GraphiQL Explorer"]');
      await page.waitForSelector(".graphiql-explorer-root, .docExplorerWrap", { timeout: 20000 });
      assert.ok(await page.isVisible("text=Query"), "the explorer shows no Query root");
    });

    await page.screenshot({ path: join(screenshotDir, `peacegraph-graphiql${path.endsWith("/") ? "-slash" : ""}.png`) });

    await t.test("OK only 127.0.0.1", () => {
      assertLocalOnly(requests);
      assertNoPolicyViolations(errors);
    });
  });
}

test("GraphiQL ?query= deep link", async (t) => {
  const query = '{ actor(id: "ecowas") { name ties(first: 1) { totalCount } } }';
  const variables = '{"unused": 1}';
  const { page, requests, errors } = await openBrowser(t);
  await page.goto(`${baseURL}/graphiql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`);
  await page.waitForSelector(".graphiql-query-editor .monaco-editor", { timeout: 60000 });
  await t.test("OK the linked query is open and runs", async () => {
    const shown = await settledEditorText(page, ".graphiql-query-editor", (text) => squash(text) === squash(query));
    assert.equal(squash(shown), squash(query));
    const { body } = await run(page);
    assert.deepEqual(body.data, await gql(query));
  });
  await t.test("OK only 127.0.0.1", () => {
    assertLocalOnly(requests);
    assertNoPolicyViolations(errors);
  });
});
