import { pdfText } from '@yekuo/testing';
import { fillTemplate, renderContractPdf, sha256Of } from './contract-document';
import { CONTRACT_TEMPLATES, TEMPLATE_PLACEHOLDERS, TemplatePlaceholder } from './contract-templates';

const VALUES = Object.fromEntries(TEMPLATE_PLACEHOLDERS.map((p) => [p, `（${p}）`])) as Record<TemplatePlaceholder, string>;
const meta = (caseNumber: string) => ({ caseNumber, version: 1, createdAt: new Date('2026-03-01T08:00:00Z') });

describe('the contract PDF', () => {
  it('renders the same contract to the same bytes each time, also while other contracts render beside it', async () => {
    const hv = fillTemplate(CONTRACT_TEMPLATES.HV_DUAL_SOURCE, { ...VALUES, customerName: '华东电子科技有限公司' });
    const residential = fillTemplate(CONTRACT_TEMPLATES.LV_RESIDENTIAL, { ...VALUES, customerName: '张三' });
    const first = await renderContractPdf(hv, meta('YK-2026-000001'));
    // The font face is parsed once per process and shared: documents rendered together keep their own glyph subsets.
    const [again, other] = await Promise.all([
      renderContractPdf(hv, meta('YK-2026-000001')),
      renderContractPdf(residential, meta('YK-2026-000002')),
    ]);
    expect(again.sha256).toBe(first.sha256);
    expect(sha256Of(again.pdf)).toBe(first.sha256);
    expect(other.sha256).not.toBe(first.sha256);
    expect(pdfText(first.pdf).text).toContain('华东电子科技有限公司');
    expect(pdfText(other.pdf).text).toContain('张三');
    expect(pdfText(other.pdf).text).not.toContain('华东电子科技有限公司');
  });
});
