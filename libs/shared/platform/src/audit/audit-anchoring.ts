import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import { Directive, Field, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { AuditAnchoredEventType, createEvent } from '@yekuo/events';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { PeriodicJob } from '../jobs/periodic-job';
import { storeInOutbox } from '../messaging/outbox-relay';
import { traceContextOf } from '../telemetry/trace-context';
import { AnchorKeys, AuditWitness, ChainHead } from './audit-anchor';

/**
 * A chain head recorded this long before the last anchor is still looked at by the next one: an
 * append whose transaction was still open when the last anchor ran commits later than it was
 * recorded. Heads already anchored at their seq are left out, so the overlap anchors nothing twice.
 */
const IN_FLIGHT_MS = 5 * 60_000;

/** One anchor as it was written to the witness and announced. */
export interface AnchorReceipt {
  service: string;
  anchorNo: number;
  anchoredAt: Date;
  chains: number;
}

/**
 * Anchors the heads of a service's audit chains that moved since its last anchor: signs each
 * head, adds them to the witness as anchor n+1 and announces `<service>.audit.anchored.v1`
 * through the outbox. One instance at a time (a transaction lock in the witness; the others skip),
 * so several instances make each anchor once. The witness commits first: should the outbox write
 * then fail, the anchor stands without its event, never the other way round.
 */
export class AuditAnchoring {
  constructor(
    private readonly dataSource: DataSource,
    private readonly witness: AuditWitness,
    private readonly keys: AnchorKeys,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get service(): string {
    return this.witness.service;
  }

  /** The anchor made, or null when no chain moved or another instance is anchoring right now. */
  async anchor(): Promise<AnchorReceipt | null> {
    const client = await this.witness.pool.connect();
    let open = false;
    try {
      await client.query('BEGIN');
      open = true;
      const { rows: lock } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
        [`audit-anchor:${this.service}`],
      );
      if (!lock[0].locked) return null;
      const { rows: last } = await client.query<{ no: string | null; at: Date | null }>(
        'SELECT max(anchor_no) AS no, max(anchored_at) AS at FROM audit_anchor WHERE service = $1',
        [this.service],
      );
      const moved = await this.movedHeads(last[0].at ? new Date(last[0].at.getTime() - IN_FLIGHT_MS) : null);
      const { rows: anchored } = await client.query<{ case_id: string; seq: number }>(
        'SELECT case_id, max(seq) AS seq FROM audit_anchor WHERE service = $1 AND case_id = ANY($2::uuid[]) GROUP BY case_id',
        [this.service, moved.map((h) => h.caseId)],
      );
      const anchoredSeq = new Map(anchored.map((row) => [row.case_id, row.seq]));
      const heads = moved.filter((head) => head.seq > (anchoredSeq.get(head.caseId) ?? 0));
      if (heads.length === 0) return null;

      const anchorNo = Number(last[0].no ?? 0) + 1;
      const anchoredAt = this.now();
      const signed = heads.map((head) =>
        this.keys.sign({ service: this.service, anchorNo, anchoredAt: anchoredAt.toISOString(), ...head }),
      );
      await client.query(
        `INSERT INTO audit_anchor (service, anchor_no, anchored_at, case_id, seq, hash, key_id, signature)
         SELECT $1, $2, $3, h.case_id, h.seq, h.hash, $4, h.signature
         FROM unnest($5::uuid[], $6::int[], $7::text[], $8::text[]) AS h(case_id, seq, hash, signature)`,
        [
          this.service,
          anchorNo,
          anchoredAt,
          this.keys.keyId,
          signed.map((h) => h.caseId),
          signed.map((h) => h.seq),
          signed.map((h) => h.hash),
          signed.map((h) => h.signature),
        ],
      );
      await client.query('COMMIT');
      open = false;
      await this.announce({
        anchorId: randomUUID(),
        service: this.service,
        anchorNo,
        anchoredAt: anchoredAt.toISOString(),
        keyId: this.keys.keyId,
        heads: signed.map(({ caseId, seq, hash, signature }) => ({ caseId, seq, hash, signature })),
      });
      return { service: this.service, anchorNo, anchoredAt, chains: signed.length };
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** The head of every chain with a record since `since` (every chain when null), from the service's own database. */
  private async movedHeads(since: Date | null): Promise<ChainHead[]> {
    const rows = await this.dataSource.query<{ case_id: string; seq: number; hash: string }[]>(
      `SELECT DISTINCT ON (case_id) case_id, seq, hash FROM audit_record
       WHERE $1::timestamptz IS NULL OR case_id IN (SELECT case_id FROM audit_record WHERE recorded_at >= $1::timestamptz)
       ORDER BY case_id, seq DESC`,
      [since],
    );
    return rows.map((row) => ({ caseId: row.case_id, seq: row.seq, hash: row.hash }));
  }

  /** The anchor's event, to the outbox (it is about no case, so it adds to no case's chain). */
  private async announce(data: Parameters<typeof createEvent<AuditAnchoredEventType>>[1]): Promise<void> {
    const event = createEvent(`${this.service}.audit.anchored.v1` as AuditAnchoredEventType, data, {
      source: `/yekuo/${this.service}`,
      trace: traceContextOf(),
    });
    await this.dataSource.transaction((manager) => storeInOutbox(manager, event));
  }
}

/** Runs the anchoring on its schedule in every instance (one at a time makes each anchor) and closes the witness pool. */
@Injectable()
export class AuditAnchorSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(
    private readonly anchoring: AuditAnchoring,
    private readonly witness: AuditWitness,
    everyMs: number,
  ) {
    this.job = new PeriodicJob({ name: 'audit anchor', everyMs }, async () => {
      await this.anchoring.anchor();
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    await this.witness.close();
  }
}

@Directive('@shareable')
@ObjectType({ description: "One anchor of a service's audit chains, as written to its witness and announced" })
export class AuditAnchor {
  @Field({ description: 'The service whose chains it anchors' })
  service: string;

  @Field(() => Int, { description: "The anchor's number, increasing per service" })
  anchorNo: number;

  @Field({ description: 'When it was made' })
  anchoredAt: Date;

  @Field(() => Int, { description: 'How many chain heads (one per case whose chain moved) it fixes' })
  chains: number;
}

/**
 * `anchor<Service>AuditChains`: anchors now (admins, auditors). One field per service, as a mutation
 * cannot be shared between subgraphs; null when no chain moved since the last anchor.
 */
export function AuditAnchorResolver(service: string): Type<object> {
  const field = `anchor${service.charAt(0).toUpperCase()}${service.slice(1)}AuditChains`;

  @Resolver()
  class AuditAnchorResolverHost {
    constructor(private readonly anchoring: AuditAnchoring) {}

    @Mutation(() => AuditAnchor, {
      name: field,
      nullable: true,
      description:
        `Anchors the heads of ${service}'s audit chains that moved since its last anchor in the witness (admins, auditors); ` +
        'null when none moved or an anchor is being made right now',
    })
    @Roles('admin', 'auditor')
    anchorAuditChains(): Promise<AnchorReceipt | null> {
      return this.anchoring.anchor();
    }
  }
  return AuditAnchorResolverHost;
}
