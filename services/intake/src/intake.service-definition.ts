import type { ServiceDefinition } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { TIME_LIMIT_ENTITIES, TIME_LIMIT_MIGRATIONS } from '@yekuo/timelimits';
import { CaseNumberCounter } from './case/case-number-counter.entity';
import { ConnectionCase } from './case/case.entity';
import { Customer } from './customer/customer.entity';
import { CaseDocument } from './document/case-document.entity';
import { JourneyCase, JourneyEventRecord } from './journey/journey-event.entity';
import { JourneyOpenAction } from './journey/journey-open-action.entity';
import { IntakeTables1764288000000 } from './migrations/1764288000000-intake-tables';
import { ApplicationModel1765000000000 } from './migrations/1765000000000-application-model';
import { ServiceChannelJourneyAndClocks1765500000000 } from './migrations/1765500000000-service-channel-journey-and-clocks';
import { JourneySummary1768000000000 } from './migrations/1768000000000-journey-summary';
import { DocumentEncryption1769200000000 } from './migrations/1769200000000-document-encryption';
import { TicketResolutionLimits1769713000000 } from './migrations/1769713000000-ticket-resolution-limits';
import { JourneyOpenActions1769714000000 } from './migrations/1769714000000-journey-open-actions';
import { ProcessVariant1770100000000 } from './migrations/1770100000000-process-variant';
import { SupervisedClockPaused1770110000000 } from './migrations/1770110000000-supervised-clock-paused';
import { CustomerEmail1770600000000 } from './migrations/1770600000000-customer-email';
import { StageDocuments1770700000000 } from './migrations/1770700000000-stage-documents';
import { SupervisedClock } from './supervision/supervised-clock.entity';
import { Ticket } from './ticket/ticket.entity';

export const intakeService: ServiceDefinition = {
  name: 'intake',
  defaultPort: 4001,
  eventActions: actionsOf,
  entities: [
    ...TIME_LIMIT_ENTITIES,
    ConnectionCase,
    Customer,
    CaseNumberCounter,
    CaseDocument,
    Ticket,
    JourneyCase,
    JourneyEventRecord,
    JourneyOpenAction,
    SupervisedClock,
  ],
  migrations: [
    ...TIME_LIMIT_MIGRATIONS,
    IntakeTables1764288000000,
    ApplicationModel1765000000000,
    ServiceChannelJourneyAndClocks1765500000000,
    JourneySummary1768000000000,
    DocumentEncryption1769200000000,
    TicketResolutionLimits1769713000000,
    JourneyOpenActions1769714000000,
    ProcessVariant1770100000000,
    SupervisedClockPaused1770110000000,
    CustomerEmail1770600000000,
    StageDocuments1770700000000,
  ],
  metrics: [
    {
      name: 'yekuo_cases_open',
      help: 'Open cases (neither archived nor withdrawn) by the stage they stand in',
      labelNames: ['stage'],
      // An index scan of connection_case (stage).
      sql: `SELECT stage, count(*)::int AS value FROM connection_case WHERE stage NOT IN ('ARCHIVED', 'WITHDRAWN') GROUP BY stage`,
    },
  ],
};
