/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Operation } from 'urql';
import { renderPage } from '../../testing/render-page';
import { UnitsPage } from './UnitsPage';

const unit = {
  __typename: 'ConstructionUnit',
  id: 'unit-1',
  name: '浦东电力安装公司',
  licenceNumber: 'L-2026-001',
  qualificationClass: 'CLASS_3',
  qualificationClassLabel: '三级',
  maxVoltageKv: 35,
  maxCapacityKva: null,
  regions: ['310115'],
  validUntil: '2030-12-31',
  suspended: false,
  suspensionReason: null,
  updatedAt: '2026-03-01T00:00:00.000Z',
};

function renderUnits(seen: Operation[]) {
  return renderPage(<UnitsPage />, {
    as: { sub: 'planner-1', roles: ['planner'] },
    path: '/registries/units',
    seen,
    answer: (operation) => {
      if (operation.kind === 'mutation') {
        const { input } = operation.variables as { input: { reason?: string } };
        return { data: { updateConstructionUnit: { ...unit, suspended: true, suspensionReason: input.reason } } };
      }
      const edges = [{ __typename: 'ConstructionUnitEdge', cursor: 'u1', node: unit }];
      return {
        data: {
          constructionUnits: {
            __typename: 'ConstructionUnitConnection',
            edges,
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'u1' },
          },
        },
      };
    },
  });
}

describe('UnitsPage', () => {
  it('suspends a unit with the reason given, once per action', async () => {
    const seen: Operation[] = [];
    renderUnits(seen);
    await screen.findByText('L-2026-001');
    fireEvent.click(screen.getByLabelText('暂停 浦东电力安装公司'));
    const dialog = await screen.findByRole('dialog');
    // Without a reason the suspension is not sent.
    fireEvent.click(screen.getByText('暂停', { selector: '.ant-modal-footer button span' }));
    expect(await screen.findByText('暂停时必须填写原因')).toBeTruthy();
    expect(seen.filter((o) => o.kind === 'mutation')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('原因'), { target: { value: ' 许可证被吊销 ' } });
    fireEvent.click(screen.getByText('暂停', { selector: '.ant-modal-footer button span' }));
    await waitFor(() => expect(seen.filter((o) => o.kind === 'mutation')).toHaveLength(1));
    const mutation = seen.find((o) => o.kind === 'mutation')!;
    expect(mutation.variables).toEqual({ input: { unitId: 'unit-1', suspended: true, reason: '许可证被吊销' } });
    expect((mutation.context as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await screen.findByText('许可证被吊销')).toBeTruthy();
    expect(dialog).toBeTruthy();
  }, 15_000);
});
