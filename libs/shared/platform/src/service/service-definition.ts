import type { CaseActions, CaseEventType, EventPayload } from '@yekuo/events';
import type { ServiceConfig } from '../config';
import type { TimeSource } from './time-source';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

/** A gauge a service reads from its own database at each scrape of `/metrics` (ServiceMetrics). */
export interface ScrapeGauge {
  /** `yekuo_…`, in Prometheus's naming. */
  name: string;
  help: string;
  /** The columns of the query's rows that label each value. */
  labelNames: string[];
  /** One cheap, index-friendly query: a row per series, its label columns and `value`. */
  sql: string;
}

/** What a service tells the shared core about itself. */
export interface ServiceDefinition {
  name: string;
  defaultPort: number;
  /** TypeORM entities of the service (the shared ones are added). */
  entities: Constructor[];
  /** Committed migrations of the service, oldest first. */
  migrations: Constructor[];
  /**
   * Tables whose rows the service's runtime role may read and add but never change or remove
   * (the audit chain's always; decision 0015), e.g. signed documents.
   */
  appendOnlyTables?: string[];
  /** Types only referenced by the subgraph (e.g. a `Case` stub a service extends). */
  orphanedTypes?: Constructor[];
  /** Where time limits read "now"; the system clock unless a test sets its own. */
  timeSource?: TimeSource;
  /** The work each event opens and closes (`actions` on its payload): `actionsOf` of `@yekuo/policy`. */
  eventActions?: <T extends CaseEventType>(type: T, data: EventPayload<T>) => CaseActions | undefined;
  /** Gauges of the service's own work, read at each scrape (e.g. intake's open cases per stage). */
  metrics?: ScrapeGauge[];
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export type { ServiceConfig };
