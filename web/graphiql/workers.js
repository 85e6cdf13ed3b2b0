// workers.js tells the Monaco editor inside GraphiQL where its web workers
// are: bundled by build.mjs next to graphiql.js, so that no worker comes
// from another host. It runs before GraphiQL is loaded.
const workers = { json: "json.worker.js", graphql: "graphql.worker.js" };

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    return new Worker(`/graphiql/${workers[label] || "editor.worker.js"}`);
  },
};
