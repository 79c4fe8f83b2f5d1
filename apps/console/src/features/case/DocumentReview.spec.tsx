/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import { renderPage } from '../../testing/render-page';
import type { CaseData } from './case-data';
import { DocumentReview } from './DocumentReview';
import { button, person, submitted } from './test-case';

const withDocuments: CaseData = {
  ...submitted,
  documents: [
    { slot: 'APPLICANT_ID', title: 'Identity document of the applicant', current: { id: 'doc-id-1', fileName: 'id-card.pdf' } },
    { slot: 'PROPERTY_PROOF', title: 'Proof of property of the site', current: null },
  ],
};

function renderReview(roles: string[], caseData: CaseData = withDocuments, locale: Locale = 'zh-CN') {
  const onChanged = jest.fn();
  const { seen } = renderPage(<DocumentReview caseData={caseData} onChanged={onChanged} />, {
    as: person(roles),
    locale,
    answer: () => ({ data: { rejectDocument: { __typename: 'Case', id: caseData.id } } }),
  });
  return { seen, onChanged };
}

const sentInputs = (seen: Operation[]) => seen.filter((o) => o.kind === 'mutation').map((o) => (o.variables as { input: unknown }).input);

describe('DocumentReview', () => {
  afterEach(() => sessionStorage.clear());

  it('lets the intake clerk reject an uploaded document with the reason, then reads the case again', async () => {
    const { seen, onChanged } = renderReview(['intake-clerk']);
    expect(screen.getByText('id-card.pdf')).toBeTruthy();
    // Only the slot holding a document can be rejected.
    expect(screen.getAllByText('退回此材料')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: '退回此材料（用电人有效身份证明）' }));
    fireEvent.click(button('确认退回')!);
    expect(await screen.findByText('必填', {}, { timeout: 5000 })).toBeTruthy();
    expect(sentInputs(seen)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('材料退回原因（客户可见）'), { target: { value: ' 身份证已过期 ' } });
    fireEvent.click(button('确认退回')!);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(sentInputs(seen)).toEqual([{ documentId: 'doc-id-1', reason: '身份证已过期' }]);
  }, 15_000);

  it('is not offered to other staff, nor once the application is accepted', () => {
    renderReview(['planner'], withDocuments, 'en');
    expect(screen.queryByText('Document review')).toBeNull();
    sessionStorage.clear();
    renderReview(['intake-clerk'], { ...withDocuments, status: 'ACCEPTED' }, 'en');
    expect(screen.queryByText('Reject this document')).toBeNull();
  });
});
