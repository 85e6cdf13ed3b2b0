// browser.mjs starts Debian's headless Chromium through playwright-core for
// the page tests, records every request the pages make, and fails a test when
// a page reaches any host but 127.0.0.1 or breaks its content security policy.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

// baseURL is the running service, from PEACEGRAPH_URL.
export const baseURL = (process.env.PEACEGRAPH_URL || "http://127.0.0.1:8080").replace(/\/+$/, "");

// screenshotDir is where each test leaves a screenshot of its page.
export const screenshotDir = process.env.PEACEGRAPH_SCREENSHOTS || tmpdir();

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // WebGL (sigma.js) in software, since there is no GPU.
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

// openBrowser starts Chromium with a fresh profile and returns a page, the
// list of every request made by any page of the context, and the console
// errors and page errors seen. It closes everything when the test ends.
export async function openBrowser(t, { viewport = { width: 1400, height: 900 }, downloads = false } = {}) {
  const profile = await mkdtemp(join(tmpdir(), "peacegraph-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args,
    headless: true,
    viewport,
    acceptDownloads: downloads,
  });
  t.after(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
  const requests = [];
  const errors = [];
  context.on("request", (req) => requests.push(req.url()));
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return { page, context, requests, errors };
}

// assertLocalOnly fails unless every request went to host 127.0.0.1 over
// HTTP(S). Inline data: and blob: URLs reach no host and are allowed.
export function assertLocalOnly(requests) {
  assert.ok(requests.length > 0, "no request was recorded");
  const foreign = requests.filter((raw) => {
    const u = new URL(raw);
    if (u.protocol === "data:" || u.protocol === "blob:") return false;
    return !(u.protocol === "http:" || u.protocol === "https:") || u.hostname !== "127.0.0.1";
  });
  assert.deepEqual(foreign, [], "requests to hosts other than 127.0.0.1");
}

// assertNoPolicyViolations fails when the page broke its content security
// policy (it would have fetched or run something from elsewhere).
export function assertNoPolicyViolations(errors) {
  const violations = errors.filter((e) => /Content Security Policy/i.test(e));
  assert.deepEqual(violations, [], "content security policy violations");
}

// gql runs a query against the service directly, to compare with what the
// pages show.
export async function gql(query, variables) {
  const res = await fetch(`${baseURL}/graphql`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(res.status, 200, `POST /graphql: HTTP ${res.status}`);
  const body = await res.json();
  assert.equal(body.errors, undefined, `POST /graphql: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// timed clicks the element at selector (or sends it key) in the page and
// returns the milliseconds until the next picture is on the screen: drawn,
// then composited (two animation frames later, since without a GPU the
// browser finishes a WebGL frame only when it composites it).
export async function timed(page, selector, key) {
  return page.evaluate(async ([sel, k]) => {
    const target = document.querySelector(sel);
    const start = performance.now();
    const frame = window.explorer.nextFrame();
    if (k) target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
    else target.click();
    await frame;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return Math.round(performance.now() - start);
  }, [selector, key]);
}
