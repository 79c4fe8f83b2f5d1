import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One link of a case's hash chain. Append-only: a trigger refuses UPDATE and DELETE. */
@Entity({ name: 'audit_record' })
@Index('audit_record_case_seq', ['caseId', 'seq'], { unique: true })
@Index('audit_record_recorded_at', ['recordedAt'])
export class AuditRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  seq: number;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column('text')
  action: string;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column('text')
  hash: string;
}
