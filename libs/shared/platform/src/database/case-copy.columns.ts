import { Column, PrimaryColumn } from 'typeorm';
import type { CaseCopy, CustomerCategory } from '@yekuo/events';

/** A class a mixin may extend (the mixin pattern requires the rest parameter's `any[]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractClass = abstract new (...args: any[]) => object;

/**
 * The facts a case copy keeps beyond its key: where the case is (region) and what was
 * applied for (business type), both null on copies opened before events carried them and
 * filled from `intake.case.facts.v1`, and the one cancellation block a withdrawal writes.
 */
function withCaseFacts<TBase extends AbstractClass>(Base: TBase) {
  abstract class WithCaseFacts extends Base {
    @Column({ name: 'region_code', type: 'text', nullable: true })
    regionCode: string | null;

    @Column({ name: 'business_type', type: 'text', nullable: true })
    businessType: string | null;

    /** When the withdrawal of the application cancelled the service's work; null while the case is live. */
    @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
    cancelledAt: Date | null;

    @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
    cancellationReason: string | null;

    /** The customer or agent whose withdrawal cancelled the case. */
    @Column({ name: 'cancelled_by_id', type: 'text', nullable: true })
    cancelledById: string | null;

    @Column({ name: 'cancelled_by_role', type: 'text', nullable: true })
    cancelledByRole: string | null;

    /** The open work the cancellation closed, as `<service>.case.cancelled.v1` names it. */
    @Column({ name: 'cancelled_work', type: 'text', array: true, nullable: true })
    cancelledWork: string[] | null;
  }
  return WithCaseFacts;
}

/** The key of a case as every service speaks about it on the bus (a projection keyed by case, e.g. intake's journey). */
export abstract class CaseCopyKeyColumns implements CaseCopy {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column('text')
  category: CustomerCategory;

  /** The time-limit policy version the case was accepted under. */
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;
}

/**
 * The columns every service keeps of a case it took over from an event: extend it
 * in the service's own case entity (its table, indexes and migration stay its own).
 */
export abstract class CaseCopyColumns extends withCaseFacts(CaseCopyKeyColumns) {}

/** The facts alone, for a copy whose key columns may still be empty (metering's, opened bare by a gate fact). */
export abstract class CaseCopyFacts extends withCaseFacts(class {}) {}
