import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import {
  RecordMeterInstallationInput,
  RecordMeterRemovalInput,
  RescheduleInstallationInput,
  ScheduleInstallationInput,
} from './installation.inputs';
import { InstallationService } from './installation.service';

/** The installation order and the installation mutations. */
@Resolver(() => Case)
export class InstallationResolver {
  constructor(private readonly installations: InstallationService) {}

  @Mutation(() => Case, {
    description:
      'Schedule the installation of the meter: the technician and the appointment (metering technician or supervisor); once per case, then reschedule',
  })
  @Roles(...METERING_ROLES.scheduleInstallation)
  async scheduleInstallation(@Args('input') input: ScheduleInstallationInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.installations.schedule(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Move the installation appointment (and optionally send another technician), with the reason (metering technician or supervisor)',
  })
  @Roles(...METERING_ROLES.rescheduleInstallation)
  async rescheduleInstallation(@Args('input') input: RescheduleInstallationInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.installations.reschedule(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record the installation of the assigned meter against its installation order: reading, seals, when and by whom; this is the METER_INSTALLED gate condition (metering technician)',
  })
  @Roles(...METERING_ROLES.recordMeterInstallation)
  async recordMeterInstallation(
    @Args('input') input: RecordMeterInstallationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.installations.record(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record that the meter of a case withdrawn after installation was taken off site, with the final reading; the meter goes back to stock (metering technician)',
  })
  @Roles(...METERING_ROLES.recordMeterRemoval)
  async recordMeterRemoval(@Args('input') input: RecordMeterRemovalInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.installations.recordRemoval(principal, input);
    return { id: input.caseId };
  }
}
