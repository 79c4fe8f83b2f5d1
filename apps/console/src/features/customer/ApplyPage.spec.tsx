/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Operation } from 'urql';
import { enumLabel } from '../../i18n/enums';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { ApplyPage } from './ApplyPage';

const CUSTOMER = '7b1f4a52-5d0c-4c86-9b43-0a8f3e6d2c11';

function renderApply(answer: (operation: Operation) => CannedAnswer, seen: Operation[]) {
  return renderPage(<ApplyPage />, {
    as: { sub: CUSTOMER, roles: ['customer'], name: '陈一' },
    answer,
    seen,
    path: '/apply',
    routes: [{ path: '/cases/:id', element: <p>case page</p> }],
  });
}

/** Picks `value`'s label in the Ant Design select labelled `label`. */
function choose(label: string, enumName: string, value: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const text = enumLabel('zh-CN', enumName, value);
  const option = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.textContent === text);
  if (!option) throw new Error(`no option ${text} in ${label}`);
  fireEvent.click(option);
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** The form item (label, control and its messages) of the control labelled `label`. */
function itemOf(label: string): HTMLElement {
  return screen.getByLabelText(label).closest<HTMLElement>('.ant-form-item')!;
}

describe('ApplyPage', () => {
  afterEach(() => sessionStorage.clear());

  it("shows the server's field errors beside their fields and the summary in an alert", async () => {
    const seen: Operation[] = [];
    renderApply((operation) => {
      if (operation.kind === 'query') return { data: { myCases: { __typename: 'CaseConnection', edges: [] } } };
      return {
        errors: [
          {
            message: 'Validation failed',
            extensions: {
              code: 'VALIDATION_FAILED',
              fields: [
                { field: 'input.capacityKva', message: 'capacityKva must be a positive number' },
                { field: 'input.customer.idNumber', message: 'idNumber does not match the format of RESIDENT_ID' },
              ],
            },
          },
        ],
      };
    }, seen);

    // A first application: the identity part is asked for.
    await screen.findByRole('heading', { level: 1, name: '用电申请' });
    choose('证件类型', 'IdType', 'RESIDENT_ID');
    type('证件号码', '310104199001011234');
    type('申请人名称', '陈一');
    type('联系电话', '13812345678');
    choose('用电类别', 'Usage', 'COMMERCIAL');
    choose('供电电压', 'VoltageLevel', 'AC380V');
    type('申请容量（kVA）', '60');
    type('用电地址', '上海市徐汇区漕溪北路88号');
    type('行政区划代码', '310104');
    act(() => {
      fireEvent.click(screen.getByText('提交申请'));
    });

    await waitFor(() => expect(document.querySelector('[role="alert"]')?.textContent).toContain('请检查标出的字段。'));
    await waitFor(() => expect(within(itemOf('申请容量（kVA）')).getByText('必须大于 0')).toBeTruthy());
    expect(within(itemOf('证件号码')).getByText('格式不正确')).toBeTruthy();
    expect(within(itemOf('用电地址')).queryByText('必须大于 0')).toBeNull();

    const mutation = seen.find((o) => o.kind === 'mutation')!;
    expect(mutation.variables).toMatchObject({
      input: {
        customer: { idType: 'RESIDENT_ID', idNumber: '310104199001011234', name: '陈一', phone: '13812345678' },
        businessType: 'NEW_CONNECTION',
        usage: 'COMMERCIAL',
        voltageLevel: 'AC380V',
        capacityKva: 60,
        supplySources: 1,
        regionCode: '310104',
      },
    });
    expect((mutation.context as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the identity on file for a customer who applied before', async () => {
    renderApply(
      () => ({
        data: {
          myCases: {
            __typename: 'CaseConnection',
            edges: [{ __typename: 'CaseEdge', node: { __typename: 'Case', id: 'c1', customer: null } }],
          },
        },
      }),
      [],
    );
    expect(await screen.findByText('将使用您首次申请时登记的身份信息。')).toBeTruthy();
    expect(screen.queryByLabelText('证件号码')).toBeNull();
  });
});
