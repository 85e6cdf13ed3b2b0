// build.mjs bundles the pages of peacegraph with esbuild into dist/, which the
// Go package embeds: GraphiQL (graphiql/) into dist/graphiql/ and the network
// explorer (explorer/) into dist/. Every asset lands in dist/, so the pages
// load nothing from any other host.
import * as esbuild from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const pages = [
  { src: "graphiql", entry: "graphiql/main.jsx", out: "dist/graphiql", name: "graphiql" },
  { src: "explorer", entry: "explorer/main.js", out: "dist", name: "explorer" },
];

await rm("dist", { recursive: true, force: true });
for (const page of pages) {
  await mkdir(page.out, { recursive: true });
  await esbuild.build({
    entryPoints: { [page.name]: page.entry },
    outdir: page.out,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".png": "dataurl", ".svg": "dataurl" },
    legalComments: "linked",
    logLevel: "info",
  });
  await copyFile(`${page.src}/index.html`, `${page.out}/index.html`);
}
