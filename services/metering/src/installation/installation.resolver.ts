import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import {
  PostponeMeterInstallationInput,
  RecordMeterInstallationInput,
  RecordMeterRemovalInput,
  RescheduleInstallationInput,
  ResumeMeterInstallationInput,
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
      'Record that the meter installation waits on the customer (metering technician or supervisor): the meter installation clock pauses from now, with who and why. CONFLICT while the installation is not timed yet (the gate still waits for other conditions); INVALID_TRANSITION while a wait is recorded or once the meter is installed',
  })
  @Roles(...METERING_ROLES.postponeMeterInstallation)
  async postponeMeterInstallation(
    @Args('input') input: PostponeMeterInstallationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.installations.postponeMeterInstallation(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record that the customer is ready for the meter installation again (metering technician or supervisor): the meter installation clock runs on, its deadlines moved by the working time of the wait. INVALID_TRANSITION unless a wait is recorded',
  })
  @Roles(...METERING_ROLES.resumeMeterInstallation)
  async resumeMeterInstallation(
    @Args('input') input: ResumeMeterInstallationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.installations.resumeMeterInstallation(principal, input);
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
