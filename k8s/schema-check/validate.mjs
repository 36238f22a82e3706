// Validates rendered manifests against the Kubernetes API schemas (kubernetes-models, offline), and the Prometheus
// Operator's objects against its CRDs' schemas (@kubernetes-models/prometheus-operator): every object of every file
// given, by its apiVersion and kind. Prints one line per file; exits non-zero on the first problem.
//   node validate.mjs ../target/rendered/*.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml...");
  process.exit(2);
}

async function modelOf(apiVersion, kind) {
  // "v1" is the core group; "apps/v1" and "networking.k8s.io/v1" are group/version, as the package lays them out.
  const from = apiVersion.startsWith("monitoring.coreos.com/") ? "@kubernetes-models/prometheus-operator" : "kubernetes-models";
  const module = await import(`${from}/${apiVersion}/${kind}`).catch(() => null);
  return module?.[kind] ?? null;
}

let failed = false;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  const counts = {};
  for (const document of documents) {
    if (document.errors.length > 0) {
      console.error(`${file}: not YAML: ${document.errors[0].message}`);
      failed = true;
      continue;
    }
    const object = document.toJS();
    if (!object) continue;
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) {
      console.error(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      failed = true;
      continue;
    }
    try {
      new Model(object).validate();
      counts[object.kind] = (counts[object.kind] ?? 0) + 1;
    } catch (error) {
      console.error(`${where}: ${error.message}`);
      failed = true;
    }
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${file}: ${total} objects valid (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")})`);
}
process.exit(failed ? 1 : 0);
