// `tsx bench/lib/contract-renders.ts <tree> <renders>`, started by bench/contract-pdf.ts once per
// tree and round: renders the high-voltage dual-source contract `renders` times, one after the
// other, with the tree's own contract-document.ts and templates (required by path), and prints one
// Sample as JSON. It imports nothing of the workspace, so the process holds what drafting needs.
import { join } from 'node:path';
import { peakRssMiB } from './proc';

const DOCUMENT = 'services/contracts/src/contract/document';

/** What the benchmark uses of a tree's contract-document.ts and contract-templates.ts. */
interface ContractDocument {
  fillTemplate(template: unknown, values: Record<string, string>): unknown;
  renderContractPdf(filled: unknown, meta: { caseNumber: string; version: number; createdAt: Date }): Promise<unknown>;
}
interface ContractTemplates {
  TEMPLATE_PLACEHOLDERS: readonly string[];
  CONTRACT_TEMPLATES: Record<'HV_DUAL_SOURCE', unknown>;
}

export interface Sample {
  cpuMsPerRender: number;
  wallMsPerRender: number;
  peakRssMiB: number;
}

async function renderIn(root: string, renders: number): Promise<void> {
  // The tree under test is chosen at run time: its modules are required by path.
  const load = (file: string) => require(join(root, DOCUMENT, file)) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports
  const document = load('contract-document.ts') as ContractDocument;
  const templates = load('contract-templates.ts') as ContractTemplates;
  const values = Object.fromEntries(templates.TEMPLATE_PLACEHOLDERS.map((p) => [p, `（${p}）`]));
  const filled = document.fillTemplate(templates.CONTRACT_TEMPLATES.HV_DUAL_SOURCE, { ...values, customerName: '华东电子科技有限公司' });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < renders; i++) {
    await document.renderContractPdf(filled, { caseNumber: `YK-2026-${String(i).padStart(6, '0')}`, version: 1, createdAt: new Date() });
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const sample: Sample = {
    cpuMsPerRender: (used.user + used.system) / 1000 / renders,
    wallMsPerRender: wallMs / renders,
    peakRssMiB: peakRssMiB(process.pid) ?? NaN,
  };
  console.log(JSON.stringify(sample));
}

void renderIn(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
