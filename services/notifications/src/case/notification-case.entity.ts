import { CaseCopyKeyColumns } from '@yekuo/platform';
import { Column, Entity } from 'typeorm';

/** What the service knows of a case to address its notifications: whose it is, who acts for them, where it is. */
@Entity({ name: 'notification_case' })
export class NotificationCase extends CaseCopyKeyColumns {
  /** The region of the supply site: the team that holds an action is the team of its role in this region. */
  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode: string | null;

  /** The agent who applied for the customer, when one did (from the submission's actor). */
  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
