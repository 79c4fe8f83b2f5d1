// `npm run check:k8s` (part of `npm test`): renders every overlay of deploy/k8s with `kubectl kustomize`
// and validates it offline (scripts/lib/k8s-check.ts): each document against its kind's schema, or the
// operators' kinds structurally, and the whole against what the deployment needs (per service a
// Deployment with probes and resources, a PodDisruptionBudget, an autoscaler, its migrate Job and its
// database; the gateway's Service and Ingress; the broker; no secret in the manifests). One line per overlay.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { deploymentProblems, documentProblems, K8sDocument, labelOf, YEKUO } from './lib/k8s-check';

const root = resolve(__dirname, '..');
const OVERLAYS = join(root, 'deploy', 'k8s', 'overlays');

function render(overlay: string): { docs?: K8sDocument[]; error?: string } {
  const result = spawnSync('kubectl', ['kustomize', join(OVERLAYS, overlay)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { error: `kubectl cannot be run (${result.error.message}); install kubectl to render the overlays` };
  if (result.status !== 0) return { error: `kubectl kustomize failed:\n${result.stderr.trim()}` };
  const parsed = parseAllDocuments(result.stdout);
  const failed = parsed.find((doc) => doc.errors.length > 0);
  if (failed) return { error: `the rendered YAML does not parse: ${failed.errors[0].message}` };
  return { docs: parsed.map((doc) => doc.toJS() as K8sDocument).filter((doc) => doc !== null) };
}

function check(overlay: string): boolean {
  const { docs, error } = render(overlay);
  if (!docs) {
    console.error(`${overlay}: ${error}`);
    return false;
  }
  const problems = [
    ...docs.flatMap((doc) => documentProblems(doc).map((problem) => `${labelOf(doc)}: ${problem}`)),
    ...deploymentProblems(docs, YEKUO),
  ];
  const kinds = new Map<string, number>();
  for (const doc of docs) kinds.set(String(doc.kind), (kinds.get(String(doc.kind)) ?? 0) + 1);
  const summary = [...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => `${kind} ${count}`);
  if (problems.length > 0) {
    console.error(`${overlay}: ${docs.length} documents, ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return false;
  }
  console.log(`${overlay}: ${docs.length} documents valid (${summary.join(', ')})`);
  return true;
}

const overlays = readdirSync(OVERLAYS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const results = overlays.map(check);
process.exitCode = overlays.length > 0 && results.every(Boolean) ? 0 : 1;
