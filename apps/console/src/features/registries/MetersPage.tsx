import { Button, Form, Input, Select, Space, Tag, theme, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { hasRole, useSession } from '../../auth/session';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { CursorTable } from '../../components/CursorTable';
import { FormDrawer, FormModal } from '../../components/FormDialog';
import { AnySelect, FilterField, FilterForm } from '../../components/FilterForm';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import {
  RegistryMetersDocument,
  RegistryRegisterMeterDocument,
  RegistryRetireMeterDocument,
  type RegistryMeterFragment,
  type RegistryMetersQuery,
} from './registries.generated';
import type { AccuracyClass, MeterFilter, MeterStatus, MeterType } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';
import { ACCURACY_CLASSES, METER_TYPES, needsCt, needsPt } from './meter-kinds';

const PAGE_SIZE = 20;
const STATUSES: MeterStatus[] = ['IN_STOCK', 'ASSIGNED', 'INSTALLED', 'RETIRED'];
const METER_FIELDS = ['number', 'type', 'accuracyClass', 'ctRatio', 'ptRatio'] as const;

type MeterEdge = RegistryMetersQuery['meters']['edges'][number];
const metersPage = (data: RegistryMetersQuery) => data.meters;

interface FilterValues {
  status?: MeterStatus;
  type?: MeterType;
  accuracyClass?: AccuracyClass;
  numberPrefix?: string;
}

interface MeterValues {
  number: string;
  type: MeterType;
  accuracyClass: AccuracyClass;
  ctRatio?: string;
  ptRatio?: string;
}

/**
 * The meter inventory by meter number; metering technicians and admins register meters received
 * into stock and retire meters in stock.
 */
export function MetersPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const keeper = hasRole(session, 'METERING_TECHNICIAN', 'ADMIN');
  const { token } = theme.useToken();
  const [filter, setFilter] = useState<MeterFilter>({});
  const list = useCursorList(RegistryMetersDocument, { filter, first: PAGE_SIZE }, metersPage);
  const [registering, setRegistering] = useState(false);
  const [retiring, setRetiring] = useState<RegistryMeterFragment>();

  const applyFilter = (values: FilterValues) => {
    const prefix = values.numberPrefix?.trim();
    setFilter({
      ...(values.status ? { status: values.status } : {}),
      ...(values.type ? { type: values.type } : {}),
      ...(values.accuracyClass ? { accuracyClass: values.accuracyClass } : {}),
      ...(prefix ? { numberPrefix: prefix } : {}),
    });
  };

  const columns: TableColumnsType<MeterEdge> = [
    { key: 'number', title: t('registries.meters.number'), render: (_, { node }) => node.number },
    { key: 'type', title: t('registries.meters.type'), render: (_, { node }) => enumLabel(locale, 'MeterType', node.type) },
    {
      key: 'class',
      title: t('registries.meters.accuracyClass'),
      render: (_, { node }) => enumLabel(locale, 'AccuracyClass', node.accuracyClass),
    },
    { key: 'ct', title: t('registries.meters.ctRatio'), render: (_, { node }) => node.ctRatio ?? '—' },
    { key: 'pt', title: t('registries.meters.ptRatio'), render: (_, { node }) => node.ptRatio ?? '—' },
    {
      key: 'status',
      title: t('registries.meters.status'),
      render: (_, { node }) => (
        <Space size={4} wrap>
          <Tag>{enumLabel(locale, 'MeterStatus', node.status)}</Tag>
          {node.removalRequired && <Tag color="orange">{t('registries.meters.removalRequired')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'case',
      title: t('registries.meters.case'),
      render: (_, { node }) =>
        node.caseId ? (
          <Link to={`/cases/${encodeURIComponent(node.caseId)}`} style={{ color: token.colorPrimary }}>
            {t('registries.meters.case')} {node.caseId.slice(0, 8)}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'registeredAt',
      title: t('registries.meters.registeredAt'),
      render: (_, { node }) => dayjs(node.registeredAt).format('YYYY-MM-DD HH:mm'),
    },
    ...(keeper
      ? [
          {
            key: 'actions',
            title: t('app.actions'),
            render: (_: unknown, { node }: MeterEdge) =>
              node.status === 'IN_STOCK' ? (
                <Button
                  size="small"
                  danger
                  onClick={() => setRetiring(node)}
                  aria-label={`${t('registries.meters.retire')} ${node.number}`}
                >
                  {t('registries.meters.retire')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t('registries.meters.title')}
      action={
        keeper && (
          <Button type="primary" onClick={() => setRegistering(true)}>
            {t('registries.meters.register')}
          </Button>
        )
      }
      intro={t('registries.meters.intro')}
    >
      <FilterForm<FilterValues> onFinish={applyFilter} onReset={() => setFilter({})} actions={{ xs: 24, md: 6 }}>
        <FilterField name="numberPrefix" label={t('registries.meters.numberPrefix')} md={5}>
          <Input />
        </FilterField>
        <FilterField name="status" label={t('registries.meters.status')} md={4}>
          <AnySelect options={STATUSES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterStatus', s) }))} />
        </FilterField>
        <FilterField name="type" label={t('registries.meters.type')} md={5}>
          <AnySelect options={METER_TYPES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterType', s) }))} />
        </FilterField>
        <FilterField name="accuracyClass" label={t('registries.meters.accuracyClass')} md={4}>
          <AnySelect options={ACCURACY_CLASSES.map((s) => ({ value: s, label: enumLabel(locale, 'AccuracyClass', s) }))} />
        </FilterField>
      </FilterForm>
      <CursorTable list={list} columns={columns} caption={t('registries.meters.caption')} empty={t('registries.meters.empty')} />
      {registering && (
        <RegisterMeterDrawer
          onClose={() => setRegistering(false)}
          onSaved={() => {
            setRegistering(false);
            list.reload();
          }}
        />
      )}
      {retiring && (
        <RetireModal
          meter={retiring}
          onClose={() => setRetiring(undefined)}
          onSaved={(meter) => {
            setRetiring(undefined);
            list.patch((m) => (m.id === meter.id ? meter : m));
          }}
        />
      )}
    </Page>
  );
}

function RegisterMeterDrawer({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<MeterValues>();
  const type = Form.useWatch('type', form);
  const action = useAction(RegistryRegisterMeterDocument, { form, fields: METER_FIELDS });
  const required = [{ required: true, whitespace: true, message: t('error.reason.required') }];

  const save = async (values: MeterValues) => {
    const data = await action.run(
      {
        input: {
          number: values.number.trim(),
          type: values.type,
          accuracyClass: values.accuracyClass,
          ...(needsCt(values.type) ? { ctRatio: values.ctRatio?.trim() } : {}),
          ...(needsPt(values.type) ? { ptRatio: values.ptRatio?.trim() } : {}),
        },
      },
      t('registries.meters.registered'),
    );
    if (data) onSaved();
  };

  return (
    <FormDrawer size={440} title={t('registries.meters.registerTitle')} form={form} saving={action.fetching} onClose={onClose}>
      <ActionProblemAlert problem={action.problem} inline />
      <Form<MeterValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="number" label={t('registries.meters.number')} rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="type" label={t('registries.meters.type')} rules={required}>
          <Select options={METER_TYPES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterType', s) }))} />
        </Form.Item>
        <Form.Item name="accuracyClass" label={t('registries.meters.accuracyClass')} rules={required}>
          <Select options={ACCURACY_CLASSES.map((s) => ({ value: s, label: enumLabel(locale, 'AccuracyClass', s) }))} />
        </Form.Item>
        {needsCt(type) && (
          <Form.Item name="ctRatio" label={t('registries.meters.ctRatio')} rules={required}>
            <Input placeholder="200/5" />
          </Form.Item>
        )}
        {needsPt(type) && (
          <Form.Item name="ptRatio" label={t('registries.meters.ptRatio')} rules={required}>
            <Input placeholder="10000/100" />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}

function RetireModal({
  meter,
  onClose,
  onSaved,
}: {
  meter: RegistryMeterFragment;
  onClose: () => void;
  onSaved: (meter: RegistryMeterFragment) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const action = useAction(RegistryRetireMeterDocument, { form, fields: ['reason'] });
  const save = async ({ reason }: { reason: string }) => {
    const data = await action.run({ input: { meterId: meter.id, reason: reason.trim() } }, t('registries.meters.retired'));
    if (data) onSaved(data.retireMeter);
  };
  return (
    <FormModal
      title={t('registries.meters.retireTitle', { number: meter.number })}
      okText={t('registries.meters.retire')}
      danger
      form={form}
      saving={action.fetching}
      onClose={onClose}
    >
      <ActionProblemAlert problem={action.problem} inline />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="reason"
          label={t('registries.meters.reason')}
          rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
