/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import { renderPage } from '../../../testing/render-page';
import type { CaseData } from '../case-data';
import { person, submitted } from '../test-case';
import { ContractPdfLink } from './SignContract';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');

const drafted = {
  ...submitted,
  contract: {
    id: 'contract-2',
    version: 2,
    status: 'DRAFTED',
    terms: { voltageLevel: 'AC220V', capacityKva: 8, supplySources: 1 },
    parties: { customer: { name: '张三', address: '上海市徐汇区' }, utility: { name: '国网上海市电力公司' } },
    signatures: [],
    draftedAt: '2026-03-10T02:00:00.000Z',
    fullySignedAt: null,
    pdfBase64: PDF,
  },
} as unknown as CaseData;

describe('ContractPdfLink', () => {
  const made: Blob[] = [];
  beforeEach(() => {
    made.length = 0;
    // jsdom has no object URLs: one per PDF built, as a browser would give.
    URL.createObjectURL = (blob: Blob) => {
      made.push(blob);
      return `blob:contract-${made.length}`;
    };
    URL.revokeObjectURL = () => undefined;
  });

  it('previews the exact PDF of the version in the page on demand, and offers it to keep', async () => {
    renderPage(<ContractPdfLink caseData={drafted} />, { as: person(['customer']), locale: 'en' });
    const download = screen.getByRole('link', { name: 'Download the contract PDF (version 2)' });
    expect(download.getAttribute('href')).toBe('blob:contract-1');
    expect(download.getAttribute('download')).toBe(`${submitted.number}-contract-v2.pdf`);
    expect(made[0].type).toBe('application/pdf');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(made[0]);
    });
    expect(text).toBe('%PDF-1.4\n%%EOF\n');
    expect(screen.queryByTitle('Supply-use contract, version 2 (PDF preview)')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Preview the contract' }));
    expect(screen.getByTitle('Supply-use contract, version 2 (PDF preview)').getAttribute('src')).toBe('blob:contract-1');
    fireEvent.click(screen.getByRole('button', { name: 'Hide the preview' }));
    expect(screen.queryByTitle('Supply-use contract, version 2 (PDF preview)')).toBeNull();
  });

  it('shows nothing to a reader the contract is not given to', () => {
    renderPage(<ContractPdfLink caseData={{ ...drafted, contract: { ...drafted.contract!, pdfBase64: null } }} />, {
      as: person(['surveyor']),
      locale: 'en',
    });
    expect(screen.queryByRole('button', { name: 'Preview the contract' })).toBeNull();
  });
});
