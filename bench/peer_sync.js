// PouchDB's side of bench/peer_sync.py: loads the documents of a JSON Lines file into a
// local PouchDB (LevelDB in a folder, as a laptop would keep them), untimed, then times
// one replication of them to a pouchdb-server database on 127.0.0.1.
//
//   node peer_sync.js PORT DOCS.jsonl LOCAL_DIR BATCH
// prints one JSON line: {"docs": N, "replicate_s": S}
"use strict";
const fs = require("fs");
const path = require("path");
const PouchDB = require("pouchdb-node");

async function main() {
  const [port, file, dir, batch] = process.argv.slice(2);
  const docs = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map(JSON.parse);
  const local = new PouchDB(path.join(dir, "laptop"));
  for (let i = 0; i < docs.length; i += 1000) {
    await local.bulkDocs(docs.slice(i, i + 1000));
  }
  const remote = new PouchDB(`http://127.0.0.1:${port}/survey`);
  const started = process.hrtime.bigint();
  const result = await PouchDB.replicate(local, remote, { batch_size: Number(batch) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const info = await remote.info();
  console.log(JSON.stringify({ docs: result.docs_written, held: info.doc_count, replicate_s: seconds }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
