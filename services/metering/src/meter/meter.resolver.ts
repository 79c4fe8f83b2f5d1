import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/shared';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { AssignMeterInput, RecordMeterInstallationInput } from './meter.inputs';
import { MeterService } from './meter.service';

/** The meter mutations. */
@Resolver(() => Case)
export class MeterResolver {
  constructor(private readonly meters: MeterService) {}

  @Mutation(() => Case, {
    description: 'Assign a meter to the case, from the scheme confirmation on, in parallel with construction (metering technician)',
  })
  @Roles(...METERING_ROLES.assignMeter)
  async assignMeter(@Args('input') input: AssignMeterInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.meters.assign(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description: 'Record the installation of the assigned meter; this is the METER_INSTALLED gate condition (metering technician)',
  })
  @Roles(...METERING_ROLES.recordMeterInstallation)
  async recordMeterInstallation(
    @Args('input') input: RecordMeterInstallationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.meters.recordInstallation(principal, input);
    return { id: input.caseId };
  }
}
