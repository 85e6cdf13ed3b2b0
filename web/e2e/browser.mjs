// browser.mjs starts Debian's headless Chromium through playwright-core for
// the page tests, records every request the pages make, and fails a test when
// a page reaches any host but 127.0.0.1 or breaks its content security policy.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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

// measure clicks the element at selector (or sends it key, or runs the
// page's window.explorer[call] when call is given) and splits the time
// until what the user sees is done: the picture on the screen (drawn, then
// composited: two animation frames later) and, when details is a selector,
// the details panel showing it. It returns, in ms from the input:
//   totalMs   until both are done;
//   scriptMs  the input's handler, run to its end (filters, reducers, the
//             graph's updates, sigma's processing and its WebGL calls, the
//             focus layer's drawing and the panels' DOM);
//   frameMs   from there until the picture is on the screen (the compositor
//             and software WebGL rastering the frame, and whatever else ran
//             on the page's thread meanwhile);
//   graphqlMs from the first GraphQL request the input made to the end of
//             its last answer (0 when it made none), and requests.
export async function measure(page, selector, { key, details, call } = {}) {
  return page.evaluate(async ([sel, k, det, fn]) => {
    const raf = () => new Promise((resolve) => requestAnimationFrame(resolve));
    performance.clearResourceTimings();
    await raf();
    await raf();
    const start = performance.now();
    const frame = window.explorer.nextFrame();
    if (fn) window.explorer[fn]();
    else if (k) document.querySelector(sel).dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
    else document.querySelector(sel).click();
    const scriptEnd = performance.now();
    await frame;
    await raf();
    await raf();
    const shown = performance.now();
    let ready = shown;
    if (det) {
      while (!document.querySelector(det)) {
        if (performance.now() - start > 60000) throw new Error(`${det} did not appear`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The panel's content is on the screen in the next frame.
      await raf();
      await raf();
      ready = performance.now();
    }
    const gql = performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/graphql") && e.startTime >= start);
    const gqlStart = Math.min(...gql.map((e) => e.startTime));
    const gqlEnd = Math.max(...gql.map((e) => e.responseEnd));
    return {
      totalMs: Math.round(Math.max(shown, ready) - start),
      scriptMs: Math.round(scriptEnd - start),
      frameMs: Math.round(shown - scriptEnd),
      graphqlMs: gql.length ? Math.round(gqlEnd - gqlStart) : 0,
      requests: gql.length,
    };
  }, [selector, key, details, call]);
}

// traced runs f with Chromium's tracing on over the DevTools protocol,
// writes the trace to file (it opens in DevTools' Performance panel or
// Perfetto), and returns f's result with the ms each thread spent in its
// top-level tasks meanwhile: the page's main thread (script, style, layout,
// the commit that waits for WebGL), the GPU process's main thread (software
// WebGL executing the frame's draws), the display compositor and the raster
// workers. Tracing slows the page down; its figures are for the split.
export async function traced(page, file, f) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline,gpu,viz,toplevel", transferMode: "ReportEvents" });
  const result = await f();
  await cdp.send("Tracing.end");
  await complete;
  await cdp.detach();
  await writeFile(file, JSON.stringify({ traceEvents: events }));
  const names = new Map();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  const threads = { CrRendererMain: "mainMs", CrGpuMain: "gpuMs", VizCompositorThread: "compositorMs", ThreadPoolForegroundWorker: "rasterWorkersMs" };
  const ms = { mainMs: 0, gpuMs: 0, compositorMs: 0, rasterWorkersMs: 0 };
  for (const e of events) {
    const key = threads[names.get(`${e.pid}:${e.tid}`)];
    if (!key || e.ph !== "X" || !e.dur || (e.name !== "RunTask" && e.name !== "ThreadPool_RunTask")) continue;
    ms[key] += e.dur / 1000;
  }
  for (const k of Object.keys(ms)) ms[k] = Math.round(ms[k]);
  return { ...result, threads: ms };
}
