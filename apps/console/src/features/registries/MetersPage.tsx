import {
  Alert,
  ConfigProvider,
  Button,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  theme,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { hasRole, useSession } from '../../auth/session';
import {
  RegistryMetersDocument,
  RegistryRegisterMeterDocument,
  RegistryRetireMeterDocument,
  type RegistryMeterFragment,
  type RegistryMetersQuery,
} from '../../graphql/generated';
import type { AccuracyClass, MeterFilter, MeterStatus, MeterType } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { useCursorList } from '../staff/cursor-list';
import { useFormAction } from './use-action';

const PAGE_SIZE = 20;
const STATUSES: MeterStatus[] = ['IN_STOCK', 'ASSIGNED', 'INSTALLED', 'RETIRED'];
const TYPES: MeterType[] = ['SINGLE_PHASE', 'THREE_PHASE_DIRECT', 'THREE_PHASE_CT', 'HV_CT_PT'];
const CLASSES: AccuracyClass[] = [
  'CLASS_0_2S',
  'CLASS_0_5S',
  'CLASS_0_2',
  'CLASS_0_5',
  'CLASS_1',
  'CLASS_2',
  'CLASS_D',
  'CLASS_C',
  'CLASS_B',
  'CLASS_A',
];
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

const needsCt = (type?: MeterType) => type === 'THREE_PHASE_CT' || type === 'HV_CT_PT';
const needsPt = (type?: MeterType) => type === 'HV_CT_PT';

/**
 * The meter inventory by meter number; metering technicians and admins register meters received
 * into stock and retire meters in stock.
 */
export function MetersPage() {
  // Button words as written: no space put between two Chinese characters ("查询", not "查 询").
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <MetersPageContent />
    </ConfigProvider>
  );
}

function MetersPageContent() {
  const i18n = useI18n();
  const { t, locale } = i18n;
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
            title: t('registries.actions'),
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
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('registries.meters.title')}
        </Typography.Title>
        {keeper && (
          <Button type="primary" onClick={() => setRegistering(true)}>
            {t('registries.meters.register')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('registries.meters.intro')}
      </Typography.Paragraph>
      <Form<FilterValues> layout="vertical" onFinish={applyFilter} onReset={() => setFilter({})}>
        <Row gutter={16} align="bottom">
          <Col xs={24} sm={12} md={5}>
            <Form.Item name="numberPrefix" label={t('registries.meters.numberPrefix')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="status" label={t('registries.meters.status')}>
              <Select
                allowClear
                placeholder={t('registries.any')}
                options={STATUSES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterStatus', s) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={5}>
            <Form.Item name="type" label={t('registries.meters.type')}>
              <Select
                allowClear
                placeholder={t('registries.any')}
                options={TYPES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterType', s) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="accuracyClass" label={t('registries.meters.accuracyClass')}>
              <Select
                allowClear
                placeholder={t('registries.any')}
                options={CLASSES.map((s) => ({ value: s, label: enumLabel(locale, 'AccuracyClass', s) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('registries.search')}
                </Button>
                <Button htmlType="reset">{t('registries.reset')}</Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {list.error && <Alert type="error" showIcon role="alert" title={describeError(i18n, list.error).message} />}
      <Table<MeterEdge>
        rowKey="cursor"
        caption={<span style={{ display: 'block', textAlign: 'left', fontWeight: 600 }}>{t('registries.meters.caption')}</span>}
        columns={columns}
        dataSource={list.edges}
        loading={list.fetching && list.edges.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registries.meters.empty')} /> }}
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{list.edges.length > 0 && t('registries.shown', { count: list.edges.length })}</Typography.Text>
        {list.hasNextPage && (
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t('app.more')}
          </Button>
        )}
      </Flex>
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
    </Space>
  );
}

function RegisterMeterDrawer({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<MeterValues>();
  const type = Form.useWatch('type', form);
  const action = useFormAction(RegistryRegisterMeterDocument, form, METER_FIELDS);
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
    <Drawer
      open
      size={440}
      title={t('registries.meters.registerTitle')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" onClick={() => form.submit()} loading={action.fetching}>
            {t('app.save')}
          </Button>
          <Button onClick={onClose}>{t('app.cancel')}</Button>
        </Space>
      }
    >
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
      <Form<MeterValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="number" label={t('registries.meters.number')} rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="type" label={t('registries.meters.type')} rules={required}>
          <Select options={TYPES.map((s) => ({ value: s, label: enumLabel(locale, 'MeterType', s) }))} />
        </Form.Item>
        <Form.Item name="accuracyClass" label={t('registries.meters.accuracyClass')} rules={required}>
          <Select options={CLASSES.map((s) => ({ value: s, label: enumLabel(locale, 'AccuracyClass', s) }))} />
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
    </Drawer>
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
  const action = useFormAction(RegistryRetireMeterDocument, form, ['reason']);
  const save = async ({ reason }: { reason: string }) => {
    const data = await action.run({ input: { meterId: meter.id, reason: reason.trim() } }, t('registries.meters.retired'));
    if (data) onSaved(data.retireMeter);
  };
  return (
    <Modal
      open
      title={t('registries.meters.retireTitle', { number: meter.number })}
      okText={t('registries.meters.retire')}
      cancelText={t('app.cancel')}
      okButtonProps={{ danger: true, loading: action.fetching }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="reason"
          label={t('registries.meters.reason')}
          rules={[{ required: true, whitespace: true, message: t('error.reason.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
