import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/shared';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { ArchiveCaseInput, EnergizeInput } from './energization.inputs';
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
    description: 'Archive (归档) the case after energization (metering technician or supervisor)',
  })
  @Roles(...METERING_ROLES.archiveCase)
  async archiveCase(@Args('input') input: ArchiveCaseInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.energization.archive(principal, input);
    return { id: input.caseId };
  }
}
