import { Descriptions, Empty, Space, Table, Tabs, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { ChecklistUploads } from '../../components/UploadSlot';
import { ClockTag } from '../../components/ClockTag';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';
import { ContractPdfLink } from './actions/SignContract';
import { formatTime, type CaseData } from './case-data';
import { DocumentReview } from './DocumentReview';

type Items = NonNullable<DescriptionsProps['items']>;

function Facts({ items }: { items: Items }) {
  return <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />;
}

function Nothing({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}

function ApplicationPanel({ caseData, staff, onChanged }: { caseData: CaseData; staff: boolean; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const app = caseData.application;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Facts
        items={[
          { key: 'customer', label: t('case.application.customer'), children: caseData.customer?.name ?? '—' },
          { key: 'address', label: t('case.application.siteAddress'), children: app.siteAddress },
          { key: 'region', label: t('case.application.regionCode'), children: app.regionCode },
          { key: 'usage', label: t('case.application.usage'), children: enumLabel(locale, 'Usage', app.usage) },
          { key: 'voltage', label: t('case.application.voltageLevel'), children: enumLabel(locale, 'VoltageLevel', app.voltageLevel) },
          { key: 'capacity', label: t('case.application.capacityKva'), children: t('case.kva', { value: app.capacityKva }) },
          { key: 'sources', label: t('case.application.supplySources'), children: app.supplySources },
          { key: 'wanted', label: t('case.application.wantedDate'), children: app.wantedDate ?? '—' },
          { key: 'submitted', label: t('case.application.submittedAt'), children: formatTime(caseData.submittedAt) },
          { key: 'round', label: t('case.application.submissionRound'), children: caseData.submissionRound },
          { key: 'accepted', label: t('case.application.acceptedAt'), children: formatTime(caseData.acceptedAt) || '—' },
          {
            key: 'variant',
            label: t('case.application.processVariant'),
            children: caseData.processVariant ? enumLabel(locale, 'ProcessVariant', caseData.processVariant) : '—',
          },
        ]}
      />
      {app.loads.length > 0 && (
        <Table
          size="small"
          pagination={false}
          rowKey={(l) => l.name}
          dataSource={app.loads}
          columns={[
            { key: 'name', dataIndex: 'name', title: t('case.application.loadName') },
            { key: 'kw', dataIndex: 'kw', title: t('case.application.loadKw') },
            { key: 'quantity', dataIndex: 'quantity', title: t('case.application.loadQuantity') },
          ]}
        />
      )}
      <Typography.Title level={3}>{t('case.application.documents')}</Typography.Title>
      <ChecklistUploads caseId={caseData.id} onUploaded={onChanged} />
      {staff && <DocumentReview caseData={caseData} onChanged={onChanged} />}
    </Space>
  );
}

function PlanningPanel({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const { survey, scheme } = caseData;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>
        {t('case.planning.status')}：
        {caseData.planningStatus ? enumLabel(locale, 'PlanningStatus', caseData.planningStatus) : t('case.notYet')}
      </Typography.Paragraph>
      <Typography.Title level={3}>{t('case.planning.survey')}</Typography.Title>
      {survey ? (
        <Facts
          items={[
            { key: 'appointment', label: t('case.planning.appointmentAt'), children: formatTime(survey.appointmentAt) },
            { key: 'surveyor', label: t('case.planning.surveyor'), children: survey.surveyorId },
            { key: 'completed', label: t('case.planning.completedAt'), children: formatTime(survey.completedAt) || '—' },
            { key: 'conditions', label: t('case.planning.siteConditions'), children: survey.siteConditions ?? '—' },
            { key: 'points', label: t('case.planning.supplyPointOptions'), children: survey.supplyPointOptions.join('；') || '—' },
            {
              key: 'transformer',
              label: t('case.planning.transformerCapacity'),
              children: survey.transformerCapacityKva === null ? '—' : t('case.kva', { value: survey.transformerCapacityKva }),
            },
          ]}
        />
      ) : (
        <Nothing text={t('case.notYet')} />
      )}
      <Typography.Title level={3}>{t('case.planning.scheme')}</Typography.Title>
      {scheme ? (
        <Facts
          items={[
            { key: 'version', label: t('case.planning.schemeVersion'), children: scheme.version },
            { key: 'status', label: t('case.planning.schemeStatus'), children: enumLabel(locale, 'SchemeStatus', scheme.status) },
            { key: 'voltage', label: t('case.application.voltageLevel'), children: enumLabel(locale, 'VoltageLevel', scheme.voltageLevel) },
            { key: 'capacity', label: t('case.planning.grantedCapacity'), children: t('case.kva', { value: scheme.capacityKva }) },
            { key: 'sources', label: t('case.application.supplySources'), children: scheme.supplySources },
            { key: 'points', label: t('case.planning.supplyPoints'), children: scheme.supplyPoints.join('；') },
            {
              key: 'metering',
              label: t('case.planning.meteringMethod'),
              children: enumLabel(locale, 'MeteringMethod', scheme.meteringMethod),
            },
            {
              key: 'tariff',
              label: t('case.planning.tariffCategory'),
              children: enumLabel(locale, 'TariffCategory', scheme.tariffCategory),
            },
            { key: 'boundary', label: t('case.planning.propertyBoundary'), children: scheme.propertyBoundary },
            { key: 'approved', label: t('case.planning.approvedAt'), children: formatTime(scheme.approvedAt) || '—' },
            { key: 'replied', label: t('case.planning.repliedAt'), children: formatTime(scheme.repliedAt) || '—' },
            { key: 'confirmed', label: t('case.planning.confirmedAt'), children: formatTime(scheme.confirmedAt) || '—' },
          ]}
        />
      ) : (
        <Nothing text={t('case.notYet')} />
      )}
    </Space>
  );
}

function ContractPanel({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const { contract, fees } = caseData;
  const journeyFees = caseData.journey.fees;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph>
        {t('case.contract.stageStatus')}：
        {caseData.contractsStatus ? enumLabel(locale, 'ContractsStatus', caseData.contractsStatus) : t('case.notYet')}
      </Typography.Paragraph>
      <Typography.Title level={3}>{t('case.contract.title')}</Typography.Title>
      {contract ? (
        <Facts
          items={[
            { key: 'version', label: t('case.contract.version'), children: contract.version },
            { key: 'status', label: t('case.contract.status'), children: enumLabel(locale, 'ContractStatus', contract.status) },
            {
              key: 'customer',
              label: t('case.contract.customer'),
              children: contract.parties.customer.name ?? t('case.contract.customerPending'),
            },
            { key: 'address', label: t('case.parties.customerAddress'), children: contract.parties.customer.address ?? '—' },
            { key: 'capacity', label: t('case.contract.capacity'), children: t('case.kva', { value: contract.terms.capacityKva }) },
            { key: 'drafted', label: t('case.contract.draftedAt'), children: formatTime(contract.draftedAt) },
            {
              key: 'signatures',
              label: t('case.contract.signatures'),
              children: contract.signatures.length
                ? contract.signatures
                    .map((s) => `${enumLabel(locale, 'SigningParty', s.party)} ${s.signerName ?? ''} ${formatTime(s.signedAt)}`)
                    .join('；')
                : t('app.none'),
            },
            { key: 'fullySigned', label: t('case.contract.fullySignedAt'), children: formatTime(contract.fullySignedAt) || '—' },
            { key: 'pdf', label: t('case.contract.document'), children: <ContractPdfLink caseData={caseData} /> },
          ]}
        />
      ) : (
        <Nothing text={t('case.notYet')} />
      )}
      <Typography.Title level={3}>{t('case.fees.title')}</Typography.Title>
      {fees ? (
        <Facts
          items={[
            { key: 'status', label: t('case.fees.status'), children: enumLabel(locale, 'InvoiceStatus', fees.invoice.status) },
            { key: 'total', label: t('case.fees.total'), children: t('case.yuan', { value: fees.invoice.total }) },
            { key: 'paid', label: t('case.fees.paid'), children: t('case.yuan', { value: fees.invoice.paid }) },
            { key: 'outstanding', label: t('case.fees.outstanding'), children: t('case.yuan', { value: fees.invoice.outstanding }) },
            { key: 'settled', label: t('case.fees.settled'), children: t(fees.settled ? 'app.yes' : 'app.no') },
          ]}
        />
      ) : journeyFees ? (
        <Facts
          items={[
            { key: 'total', label: t('case.fees.total'), children: t('case.yuan', { value: journeyFees.invoiced }) },
            { key: 'paid', label: t('case.fees.paid'), children: t('case.yuan', { value: journeyFees.paid }) },
            { key: 'outstanding', label: t('case.fees.outstanding'), children: t('case.yuan', { value: journeyFees.due }) },
          ]}
        />
      ) : (
        <Nothing text={t('case.fees.none')} />
      )}
    </Space>
  );
}

function MeteringPanel({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const metering = caseData.metering;
  if (!metering) return <Nothing text={t('case.meter.notOpen')} />;
  const conditions = (list: readonly string[]) => list.map((c) => enumLabel(locale, 'GateCondition', c)).join('、') || t('app.none');
  const { meter, installation } = metering;
  return (
    <Facts
      items={[
        { key: 'status', label: t('case.metering.status'), children: enumLabel(locale, 'MeteringStatus', metering.status) },
        {
          key: 'meter',
          label: t('case.meter.assignedMeter'),
          children: meter
            ? `${meter.number}（${enumLabel(locale, 'MeterType', meter.type)}，${enumLabel(locale, 'AccuracyClass', meter.accuracyClass)}）`
            : t('case.notYet'),
        },
        {
          key: 'appointment',
          label: t('case.meter.appointment'),
          children: installation?.order
            ? `${formatTime(installation.order.scheduledAt)} ${installation.order.technicianId}`
            : t('case.notYet'),
        },
        {
          key: 'installed',
          label: t('case.meter.installedAt'),
          children: installation?.installedAt ? formatTime(installation.installedAt) : t('case.notYet'),
        },
        { key: 'reading', label: t('case.meter.reading'), children: installation?.reading ?? '—' },
        { key: 'seals', label: t('case.meter.sealsShown'), children: installation?.seals.join('、') || '—' },
        { key: 'required', label: t('case.gate.required'), children: conditions(metering.requiredConditions) },
        { key: 'recorded', label: t('case.gate.recorded'), children: conditions(metering.recordedConditions) },
        { key: 'blocked', label: t('case.gate.blockedBy'), children: conditions(metering.blockedBy) },
        { key: 'opened', label: t('case.gate.openedAt'), children: formatTime(metering.gateOpenedAt) || t('case.gate.closed') },
        { key: 'energized', label: t('case.metering.energizedAt'), children: formatTime(metering.energizedAt) || t('case.notYet') },
        { key: 'archived', label: t('case.metering.archivedAt'), children: formatTime(metering.archivedAt) || t('case.notYet') },
      ]}
    />
  );
}

type Clock = NonNullable<CaseData['endToEndClock']>;

/** For staff: every time-limit clock of the case and, for those who verify them, its audit chains. */
function OversightPanel({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const clocks = [
    caseData.endToEndClock,
    caseData.acceptanceClock,
    ...caseData.planningClocks,
    caseData.contractDraftingClock,
    caseData.metering?.meterInstallationClock,
    caseData.metering?.clock,
  ].filter((c): c is Clock => Boolean(c));
  const audits = (
    [
      ['INTAKE', caseData.intakeAudit],
      ['PLANNING', caseData.planningAudit],
      ['CONTRACTS', caseData.contractsAudit],
      ['INSPECTION', caseData.inspectionAudit],
      ['METERING', caseData.meteringAudit],
    ] as const
  ).flatMap(([service, audit]) => (audit ? [{ service, audit }] : []));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('case.oversight.clocks')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(c) => c.id}
        dataSource={clocks}
        locale={{ emptyText: t('case.notYet') }}
        columns={[
          { key: 'stage', title: t('case.oversight.col.stage'), render: (_, c) => enumLabel(locale, 'ClockStage', c.stage) },
          {
            key: 'limit',
            title: t('case.oversight.col.limit'),
            render: (_, c) => (c.limitDays === null ? '—' : `${c.limitDays} ${enumLabel(locale, 'DayUnit', c.dayUnit)}`),
          },
          { key: 'started', title: t('case.oversight.col.started'), render: (_, c) => formatTime(c.startedAt) },
          { key: 'deadline', title: t('case.oversight.col.deadline'), render: (_, c) => formatTime(c.deadline) || '—' },
          {
            key: 'standing',
            title: t('case.oversight.col.standing'),
            render: (_, c) => (
              <ClockTag
                remainingSeconds={c.remainingSeconds}
                limitDays={c.limitDays}
                state={c.state}
                status={c.status}
                paused={c.paused}
                due={c.deadline}
                since={c.startedAt}
              />
            ),
          },
        ]}
      />
      {audits.length > 0 && (
        <>
          <Typography.Title level={3}>{t('case.oversight.audit')}</Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(a) => a.service}
            dataSource={audits}
            columns={[
              { key: 'service', title: t('case.oversight.col.service'), render: (_, a) => enumLabel(locale, 'ServiceName', a.service) },
              {
                key: 'valid',
                title: t('case.oversight.col.valid'),
                render: (_, a) => (
                  <Typography.Text type={a.audit.valid ? 'success' : 'danger'}>
                    {t(a.audit.valid ? 'case.oversight.valid' : 'case.oversight.broken')}
                  </Typography.Text>
                ),
              },
              { key: 'length', title: t('case.oversight.col.length'), render: (_, a) => a.audit.length },
              {
                key: 'firstBroken',
                title: t('case.oversight.col.firstBroken'),
                render: (_, a) => (a.audit.firstBroken ? t('case.oversight.brokenAt', { seq: a.audit.firstBroken.seq }) : '—'),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}

/** Each stage of the case in its own tab. */
export function StagePanels({ caseData, staff, onChanged }: { caseData: CaseData; staff: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <Tabs
      items={[
        {
          key: 'application',
          label: t('case.stages.application'),
          children: <ApplicationPanel caseData={caseData} staff={staff} onChanged={onChanged} />,
        },
        { key: 'planning', label: t('case.stages.planning'), children: <PlanningPanel caseData={caseData} /> },
        { key: 'contract', label: t('case.stages.contract'), children: <ContractPanel caseData={caseData} /> },
        { key: 'metering', label: t('case.stages.metering'), children: <MeteringPanel caseData={caseData} /> },
        ...(staff ? [{ key: 'oversight', label: t('case.stages.oversight'), children: <OversightPanel caseData={caseData} /> }] : []),
      ]}
    />
  );
}
