import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { hasRole, useSession } from '../../auth/session';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { CursorTable } from '../../components/CursorTable';
import { FormDrawer, FormModal } from '../../components/FormDialog';
import { AnySelect, FilterField, FilterForm } from '../../components/FilterForm';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import {
  RegistryRegisterUnitDocument,
  RegistryUnitsDocument,
  RegistryUpdateUnitDocument,
  type RegistryUnitFragment,
  type RegistryUnitsQuery,
} from './registries.generated';
import type { ConstructionUnitFilter, QualificationClass, UpdateConstructionUnitInput } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 20;
const CLASSES: QualificationClass[] = ['CLASS_1', 'CLASS_2', 'CLASS_3', 'CLASS_4', 'CLASS_5'];
const UNIT_FIELDS = ['name', 'licenceNumber', 'qualificationClass', 'maxVoltageKv', 'maxCapacityKva', 'regions', 'validUntil'] as const;

type UnitEdge = RegistryUnitsQuery['constructionUnits']['edges'][number];
const unitsPage = (data: RegistryUnitsQuery) => data.constructionUnits;

interface FilterValues {
  nameContains?: string;
  regionCode?: string;
  minQualificationClass?: QualificationClass;
  suspended?: 'yes' | 'no';
}

interface UnitValues {
  name: string;
  licenceNumber: string;
  qualificationClass: QualificationClass;
  maxVoltageKv: number;
  maxCapacityKva?: number | null;
  regions: string;
  validUntil: Dayjs;
}

function filterOf(values: FilterValues): ConstructionUnitFilter {
  const text = (v?: string) => v?.trim() || undefined;
  const filter: ConstructionUnitFilter = {
    nameContains: text(values.nameContains),
    regionCode: text(values.regionCode),
    minQualificationClass: values.minQualificationClass,
    suspended: values.suspended === undefined ? undefined : values.suspended === 'yes',
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

const regionList = (text: string) =>
  text
    .split(/[,，、\s]+/)
    .map((r) => r.trim())
    .filter(Boolean);

/**
 * The construction-unit registry: every licensed unit with its class, scope, regions and validity;
 * planners and admins register units, change them and suspend them (with a reason) or lift it.
 */
export function UnitsPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const keeper = hasRole(session, 'PLANNER', 'ADMIN');
  const [filter, setFilter] = useState<ConstructionUnitFilter>({});
  const list = useCursorList(RegistryUnitsDocument, { filter, first: PAGE_SIZE }, unitsPage);
  // The unit being changed (null: a new one), and the one whose suspension is being set.
  const [editing, setEditing] = useState<RegistryUnitFragment | null>();
  const [suspending, setSuspending] = useState<RegistryUnitFragment>();

  const replace = (unit: RegistryUnitFragment) => list.patch((u) => (u.id === unit.id ? unit : u));
  const today = dayjs().format('YYYY-MM-DD');

  const columns: TableColumnsType<UnitEdge> = [
    { key: 'name', title: t('registries.units.name'), render: (_, { node }) => node.name },
    { key: 'licence', title: t('registries.units.licenceNumber'), render: (_, { node }) => node.licenceNumber },
    {
      key: 'class',
      title: t('registries.units.qualificationClass'),
      render: (_, { node }) => enumLabel(locale, 'QualificationClass', node.qualificationClass),
    },
    { key: 'voltage', title: t('registries.units.maxVoltageKv'), align: 'right', render: (_, { node }) => node.maxVoltageKv },
    {
      key: 'capacity',
      title: t('registries.units.maxCapacityKva'),
      align: 'right',
      render: (_, { node }) => node.maxCapacityKva ?? t('registries.units.noCapacityLimit'),
    },
    { key: 'regions', title: t('registries.units.regionCode'), render: (_, { node }) => node.regions.join(', ') },
    {
      key: 'validUntil',
      title: t('registries.units.validUntil'),
      render: (_, { node }) => (
        <Space orientation="vertical" size={0}>
          <span>{node.validUntil}</span>
          {node.validUntil < today && <Tag color="orange">{t('registries.units.expired')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('registries.units.status'),
      render: (_, { node }) =>
        node.suspended ? (
          <Space orientation="vertical" size={0}>
            <Tag color="red">{t('registries.units.suspendedTag')}</Tag>
            {node.suspensionReason && <Typography.Text type="secondary">{node.suspensionReason}</Typography.Text>}
          </Space>
        ) : (
          <Tag color="green">{t('registries.units.active')}</Tag>
        ),
    },
    ...(keeper
      ? [
          {
            key: 'actions',
            title: t('app.actions'),
            render: (_: unknown, { node }: UnitEdge) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(node)} aria-label={`${t('registries.units.edit')} ${node.name}`}>
                  {t('registries.units.edit')}
                </Button>
                <Button
                  size="small"
                  danger={!node.suspended}
                  onClick={() => setSuspending(node)}
                  aria-label={`${t(node.suspended ? 'registries.units.unsuspend' : 'registries.units.suspend')} ${node.name}`}
                >
                  {t(node.suspended ? 'registries.units.unsuspend' : 'registries.units.suspend')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t('registries.units.title')}
      action={
        keeper && (
          <Button type="primary" onClick={() => setEditing(null)}>
            {t('registries.units.register')}
          </Button>
        )
      }
      intro={t('registries.units.intro')}
    >
      <FilterForm<FilterValues> onFinish={(v) => setFilter(filterOf(v))} onReset={() => setFilter({})} actions={{ xs: 24, md: 6 }}>
        <FilterField name="nameContains" label={t('registries.units.nameContains')} md={6}>
          <Input />
        </FilterField>
        <FilterField name="regionCode" label={t('registries.units.regionCode')} md={4}>
          <Input maxLength={6} inputMode="numeric" />
        </FilterField>
        <FilterField name="minQualificationClass" label={t('registries.units.minClass')} md={4}>
          <AnySelect options={CLASSES.map((c) => ({ value: c, label: enumLabel(locale, 'QualificationClass', c) }))} />
        </FilterField>
        <FilterField name="suspended" label={t('registries.units.statusFilter')} md={4}>
          <AnySelect
            options={[
              { value: 'no', label: t('registries.units.onlyActive') },
              { value: 'yes', label: t('registries.units.onlySuspended') },
            ]}
          />
        </FilterField>
      </FilterForm>
      <CursorTable list={list} columns={columns} caption={t('registries.units.caption')} empty={t('registries.units.empty')} />
      {editing !== undefined && (
        <UnitDrawer
          unit={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(unit, created) => {
            setEditing(undefined);
            if (created) list.reload();
            else replace(unit);
          }}
        />
      )}
      {suspending && (
        <SuspendModal
          unit={suspending}
          onClose={() => setSuspending(undefined)}
          onSaved={(unit) => {
            setSuspending(undefined);
            replace(unit);
          }}
        />
      )}
    </Page>
  );
}

/** Registers a unit (`unit` null) or changes one: only the fields changed are sent. */
function UnitDrawer({
  unit,
  onClose,
  onSaved,
}: {
  unit: RegistryUnitFragment | null;
  onClose: () => void;
  onSaved: (unit: RegistryUnitFragment, created: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<UnitValues>();
  const register = useAction(RegistryRegisterUnitDocument, { form, fields: UNIT_FIELDS });
  const update = useAction(RegistryUpdateUnitDocument, { form, fields: UNIT_FIELDS });
  const action = unit ? update : register;
  const required = [{ required: true, message: t('error.reason.required') }];

  const save = async (values: UnitValues) => {
    const fields = {
      name: values.name.trim(),
      licenceNumber: values.licenceNumber.trim(),
      qualificationClass: values.qualificationClass,
      maxVoltageKv: values.maxVoltageKv,
      maxCapacityKva: values.maxCapacityKva ?? null,
      regions: regionList(values.regions),
      validUntil: values.validUntil.format('YYYY-MM-DD'),
    };
    if (!unit) {
      const data = await register.run(
        { input: { ...fields, maxCapacityKva: fields.maxCapacityKva ?? undefined } },
        t('registries.units.registered'),
      );
      if (data) onSaved(data.registerConstructionUnit, true);
      return;
    }
    const input: UpdateConstructionUnitInput = { unitId: unit.id };
    if (fields.name !== unit.name) input.name = fields.name;
    if (fields.licenceNumber !== unit.licenceNumber) input.licenceNumber = fields.licenceNumber;
    if (fields.qualificationClass !== unit.qualificationClass) input.qualificationClass = fields.qualificationClass;
    if (fields.maxVoltageKv !== unit.maxVoltageKv) input.maxVoltageKv = fields.maxVoltageKv;
    if (fields.maxCapacityKva !== null && fields.maxCapacityKva !== unit.maxCapacityKva) input.maxCapacityKva = fields.maxCapacityKva;
    if (fields.regions.join(',') !== unit.regions.join(',')) input.regions = fields.regions;
    if (fields.validUntil !== unit.validUntil) input.validUntil = fields.validUntil;
    const data = await update.run({ input }, t('registries.units.updated'));
    if (data) onSaved(data.updateConstructionUnit, false);
  };

  return (
    <FormDrawer
      size={480}
      title={unit ? t('registries.units.editTitle', { name: unit.name }) : t('registries.units.registerTitle')}
      form={form}
      saving={action.fetching}
      onClose={onClose}
    >
      <ActionProblemAlert problem={action.problem} inline />
      <Form<UnitValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={
          unit
            ? {
                name: unit.name,
                licenceNumber: unit.licenceNumber,
                qualificationClass: unit.qualificationClass,
                maxVoltageKv: unit.maxVoltageKv,
                maxCapacityKva: unit.maxCapacityKva,
                regions: unit.regions.join(', '),
                validUntil: dayjs(unit.validUntil),
              }
            : undefined
        }
      >
        <Form.Item name="name" label={t('registries.units.name')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="licenceNumber" label={t('registries.units.licenceNumber')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="qualificationClass" label={t('registries.units.qualificationClass')} rules={required}>
          <Select options={CLASSES.map((c) => ({ value: c, label: enumLabel(locale, 'QualificationClass', c) }))} />
        </Form.Item>
        <Form.Item name="maxVoltageKv" label={t('registries.units.maxVoltageKv')} rules={required}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="maxCapacityKva" label={t('registries.units.maxCapacityKva')} extra={t('registries.units.maxCapacityHint')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="regions" label={t('registries.units.regions')} rules={required}>
          <Input placeholder="310104, 310115" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('registries.units.validUntil')} rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** Suspends a unit (a reason is required) or lifts its suspension (a reason may be given). */
export function SuspendModal({
  unit,
  onClose,
  onSaved,
}: {
  unit: RegistryUnitFragment;
  onClose: () => void;
  onSaved: (unit: RegistryUnitFragment) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useAction(RegistryUpdateUnitDocument, { form, fields: ['reason'] });
  const suspend = !unit.suspended;

  const save = async ({ reason }: { reason?: string }) => {
    const text = reason?.trim();
    const data = await action.run(
      { input: { unitId: unit.id, suspended: suspend, ...(text ? { reason: text } : {}) } },
      t(suspend ? 'registries.units.suspended' : 'registries.units.unsuspended'),
    );
    if (data) onSaved(data.updateConstructionUnit);
  };

  return (
    <FormModal
      title={t(suspend ? 'registries.units.suspendTitle' : 'registries.units.unsuspendTitle', { name: unit.name })}
      okText={t(suspend ? 'registries.units.suspend' : 'registries.units.unsuspend')}
      danger={suspend}
      form={form}
      saving={action.fetching}
      onClose={onClose}
    >
      <ActionProblemAlert problem={action.problem} inline />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="reason"
          label={t('registries.units.reason')}
          rules={suspend ? [{ required: true, whitespace: true, message: t('registries.units.reasonRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
