import { MeterAssignment } from './meter-assignment.entity';
import { Meter } from './meter.entity';
import { MeterView } from './meter.model';

/** The graph's view of a meter, with its active assignment when it has one. */
export function meterViewOf(meter: Meter, assignment: MeterAssignment | null): MeterView {
  return {
    id: meter.id,
    number: meter.meterNumber,
    type: meter.meterType,
    accuracyClass: meter.accuracyClass,
    ctRatio: meter.ctRatio,
    ptRatio: meter.ptRatio,
    status: meter.status,
    registeredAt: meter.registeredAt,
    registeredBy: meter.registeredBy,
    caseId: assignment?.caseId ?? null,
    assignedAt: assignment?.assignedAt ?? null,
    assignedBy: assignment?.assignedBy ?? null,
    removalRequired: assignment?.removalRequired ?? false,
    retiredAt: meter.retiredAt,
  };
}
