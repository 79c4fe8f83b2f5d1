import { Alert, Button, DatePicker, Descriptions, Form, Input, Radio, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import {
  CaseRecordConstructionStartDocument,
  CaseRecordIntermediateInspectionDocument,
  CaseRequestIntermediateInspectionDocument,
} from './actions.generated';
import type { InspectionItemResult } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';
import { ConstructionUnitChoice } from './ConstructionUnit';
import { chosen, required } from './forms';

interface StartValues {
  startedOn: Dayjs;
  unitName?: string;
}

/** The start of construction: the day, and the unit building (the chosen one unless another is named). */
export function StartConstruction(props: CaseActionProps) {
  const { caseId, caseData, onDone } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<StartValues>();
  const start = useAction(CaseRecordConstructionStartDocument, { stateLabel, form, fields: ['startedOn', 'unitName'] });
  const chosenName = caseData.construction?.chosenUnitName ?? caseData.chosenConstructionUnit?.unitName ?? undefined;
  const [initial] = useState(() => ({ startedOn: dayjs().startOf('day'), unitName: chosenName ?? '' }));

  const onFinish = async (values: StartValues) => {
    const unitName = values.unitName?.trim() || undefined;
    // The chosen unit is recorded when it is the one named.
    const input = { caseId, startedOn: values.startedOn.format('YYYY-MM-DD'), unitName: unitName === chosenName ? undefined : unitName };
    if (await start.run({ input }, t('case.construction.started'))) onDone();
  };

  return (
    <div>
      <Form form={form} layout="vertical" name={`start-construction-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={start.problem} />
        <Form.Item name="startedOn" label={t('case.construction.startedOn')} rules={chosen(t('error.reason.required'))}>
          <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="unitName"
          label={t('case.construction.unitName')}
          extra={chosenName ? t('case.construction.unitNameHint') : undefined}
          rules={chosenName ? [] : required(t('error.reason.required'))}
        >
          <Input maxLength={200} style={{ maxWidth: 420 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={start.fetching}>
          {t('case.construction.start')}
        </Button>
      </Form>
      {!chosenName && <ConstructionUnitChoice {...props} />}
    </div>
  );
}

/** The customer asks for the inspection of concealed works; after a failure, reports the rectification and asks for the re-inspection. */
export function RequestIntermediateInspection({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ rectificationNote?: string }>();
  const request = useAction(CaseRequestIntermediateInspectionDocument, { stateLabel, form, fields: ['rectificationNote'] });
  const last = caseData.inspections.at(-1);
  const failed = last?.result === 'FAILED';
  const open = failed ? last.rectificationItems.filter((i) => i.status === 'OPEN') : [];

  const onFinish = async ({ rectificationNote }: { rectificationNote?: string }) => {
    const input = { caseId, rectificationNote: failed ? rectificationNote?.trim() || undefined : undefined };
    if (await request.run({ input }, t('case.intermediate.requested'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      name={`request-intermediate-${caseId}`}
      onFinish={(v) => void onFinish(v)}
      style={{ maxWidth: 640 }}
    >
      {failed ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('case.intermediate.failedTitle', { at: formatTime(last.recordedAt) })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {open.map((i) => (
                <li key={i.item}>
                  {i.item}
                  {i.note ? `：${i.note}` : ''}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Typography.Paragraph>{t('case.intermediate.requestHint')}</Typography.Paragraph>
      )}
      <ActionProblemAlert problem={request.problem} />
      {failed && (
        <Form.Item name="rectificationNote" label={t('case.intermediate.rectificationNote')} rules={required(t('error.reason.required'))}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={request.fetching}>
        {t(failed ? 'case.intermediate.requestAgain' : 'case.intermediate.request')}
      </Button>
    </Form>
  );
}

interface InspectedRow {
  item: string;
  result: InspectionItemResult;
  note?: string;
}

/** The inspector records the requested inspection item by item; a re-inspection covers exactly the open rectification items. */
export function InspectIntermediate({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ items: InspectedRow[] }>();
  const record = useAction(CaseRecordIntermediateInspectionDocument, { stateLabel, form, lists: ['items'] });
  const pending = caseData.inspections.at(-1);
  const scope = pending?.result === 'PENDING' ? pending.scope : [];
  const reinspection = scope.length > 0;
  const [initial] = useState(() => ({
    items: (reinspection ? scope : [t('case.intermediate.usualItem1'), t('case.intermediate.usualItem2')]).map((item) => ({
      item,
      result: 'PASS' as const,
    })),
  }));

  const onFinish = async ({ items }: { items: InspectedRow[] }) => {
    const input = {
      caseId,
      items: items.map((i) => ({ item: i.item.trim(), result: i.result, note: i.note?.trim() || undefined })),
    };
    if (await record.run({ input }, t('case.intermediate.recorded'))) onDone();
  };

  return (
    <div>
      {pending && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'round', label: t('case.intermediate.round'), children: pending.round },
            { key: 'requested', label: t('case.intermediate.requestedAt'), children: formatTime(pending.requestedAt) },
            ...(pending.rectificationNote
              ? [{ key: 'note', label: t('case.intermediate.rectificationNote'), children: pending.rectificationNote }]
              : []),
          ]}
        />
      )}
      {reinspection && <Typography.Paragraph>{t('case.intermediate.reinspectionHint')}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name={`inspect-intermediate-${caseId}`}
        initialValues={initial}
        onFinish={(v) => void onFinish(v)}
      >
        <ActionProblemAlert problem={record.problem} />
        <Form.List name="items">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, index) => (
                <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item
                    name={[row.name, 'item']}
                    label={t('case.intermediate.item', { n: index + 1 })}
                    rules={required(t('error.reason.required'))}
                  >
                    <Input maxLength={200} disabled={reinspection} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'result']}
                    label={t('case.intermediate.result', { n: index + 1 })}
                    rules={chosen(t('error.reason.required'))}
                  >
                    <Radio.Group
                      options={(['PASS', 'FAIL'] as const).map((value) => ({
                        value,
                        label: enumLabel(locale, 'InspectionItemResult', value),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['items', row.name, 'result']]}>
                    {({ getFieldValue }) => {
                      const failing = getFieldValue(['items', row.name, 'result']) === 'FAIL';
                      return (
                        <Form.Item
                          name={[row.name, 'note']}
                          label={t('case.intermediate.note', { n: index + 1 })}
                          rules={failing ? required(t('case.intermediate.noteNeeded')) : []}
                        >
                          <Input.TextArea maxLength={1000} rows={2} style={{ width: 320 }} />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  {!reinspection && rows.length > 1 && (
                    <Button onClick={() => remove(row.name)} style={{ marginTop: 30 }}>
                      {t('case.intermediate.removeItem')}
                    </Button>
                  )}
                </Space>
              ))}
              {!reinspection && (
                <Form.Item>
                  <Button type="dashed" onClick={() => add({ item: '', result: 'PASS' })}>
                    {t('case.intermediate.addItem')}
                  </Button>
                </Form.Item>
              )}
            </>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={record.fetching}>
          {t('case.intermediate.record')}
        </Button>
      </Form>
    </div>
  );
}
