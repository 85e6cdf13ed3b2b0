// build.mjs bundles the pages of peacegraph with esbuild into dist/, which the
// Go package embeds: GraphiQL (graphiql/) into dist/graphiql/, with the
// Monaco editor's web workers beside it, and the network explorer (explorer/)
// into dist/. Every asset lands in dist/, so the pages load nothing from any
// other host. GraphiQL's example tabs are the README's GraphQL examples.
import * as esbuild from "esbuild";
import { copyFile, mkdir, readFile, rm } from "node:fs/promises";

// readmeExamples returns each ```graphql block of the README with the
// paragraph before it.
async function readmeExamples() {
  const text = await readFile("../README.md", "utf8");
  const out = [];
  const re = /```graphql\n([\s\S]*?)```/g;
  for (let m; (m = re.exec(text)); ) {
    const before = text.slice(0, m.index).trimEnd().split(/\n\s*\n/).pop();
    out.push({ title: before.replace(/`/g, "").trim(), query: m[1].trim() });
  }
  if (out.length === 0) throw new Error("README.md has no ```graphql example");
  return out;
}

const common = {
  bundle: true,
  minify: true,
  target: ["es2020"],
  define: { "process.env.NODE_ENV": '"production"' },
  loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".png": "dataurl", ".svg": "dataurl" },
  legalComments: "linked",
  logLevel: "info",
};

await rm("dist", { recursive: true, force: true });
await mkdir("dist/graphiql", { recursive: true });
await esbuild.build({
  ...common,
  entryPoints: { graphiql: "graphiql/main.jsx" },
  outdir: "dist/graphiql",
  format: "iife",
  define: { ...common.define, README_EXAMPLES: JSON.stringify(await readmeExamples()) },
});
await esbuild.build({
  ...common,
  entryPoints: {
    "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
    "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
    "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
  },
  outdir: "dist/graphiql",
  format: "iife",
});
await copyFile("graphiql/index.html", "dist/graphiql/index.html");
await esbuild.build({ ...common, entryPoints: { explorer: "explorer/main.js" }, outdir: "dist", format: "iife" });
await copyFile("explorer/index.html", "dist/index.html");
