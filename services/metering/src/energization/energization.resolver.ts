import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { ArchiveCaseInput, EnergizeInput, PostponeEnergizationInput, ResumeEnergizationInput } from './energization.inputs';
import { EnergizationService } from './energization.service';

/** The energization and archive mutations. */
@Resolver(() => Case)
export class EnergizationResolver {
  constructor(private readonly energization: EnergizationService) {}

  @Mutation(() => Case, {
    description:
      'Switch the supply on (metering technician); refused with GATE_CLOSED and the missing conditions in extensions.requires until every gate condition holds',
  })
  @Roles(...METERING_ROLES.energize)
  async energize(@Args('input') input: EnergizeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.energization.energize(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record that the power-on waits on the customer, with the reason (metering technician or supervisor): the energization clock pauses and the wait shows in `metering.clock.pauses`. Refused with GATE_CLOSED before the gate opens, INVALID_TRANSITION while a wait is recorded already or once the case is energized or cancelled',
  })
  @Roles(...METERING_ROLES.postponeEnergization)
  async postponeEnergization(@Args('input') input: PostponeEnergizationInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.energization.postpone(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record that the customer is ready for the power-on again (metering technician or supervisor): the energization clock runs on, its deadlines moved by the working time of the wait. INVALID_TRANSITION unless a wait is recorded',
  })
  @Roles(...METERING_ROLES.resumeEnergization)
  async resumeEnergization(@Args('input') input: ResumeEnergizationInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.energization.resume(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description: 'Archive (归档) the case after energization (metering technician or supervisor)',
  })
  @Roles(...METERING_ROLES.archiveCase)
  async archiveCase(@Args('input') input: ArchiveCaseInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.energization.archive(principal, input);
    return { id: input.caseId };
  }
}
