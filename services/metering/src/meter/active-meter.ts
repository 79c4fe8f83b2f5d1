import { EntityManager, IsNull } from 'typeorm';
import { MeterAssignment } from './meter-assignment.entity';
import { Meter } from './meter.entity';

/** The meter serving a case now (its assignment not released), read and locked in `manager`'s transaction. */
export async function lockActiveMeterOf(
  manager: EntityManager,
  caseId: string,
): Promise<{ meter: Meter; assignment: MeterAssignment } | null> {
  const assignment = await manager.findOneBy(MeterAssignment, { caseId, releasedAt: IsNull() });
  if (!assignment) return null;
  const meter = await manager.findOne(Meter, { where: { id: assignment.meterId }, lock: { mode: 'pessimistic_write' } });
  if (!meter) throw new Error(`meter ${assignment.meterId} of case ${caseId} vanished`);
  return { assignment, meter };
}
