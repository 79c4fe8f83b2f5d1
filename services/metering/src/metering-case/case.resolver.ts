import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseCopyResolver, CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { Case } from './case.type';
import { MeteringCaseService } from './metering-case.service';
import { METERING_ROLES } from './metering-roles';
import { Metering, MeteringParent } from './metering.model';
import { MeteringViewService } from './metering-view.service';

/** Resolves `Case` references from the gateway and adds metering's view and audit to it. */
@Resolver(() => Case)
export class CaseResolver extends CaseCopyResolver(Case, 'metering', METERING_ROLES.audit) {
  constructor(
    private readonly cases: MeteringCaseService,
    private readonly views: MeteringViewService,
  ) {
    super(cases);
  }

  @ResolveField(() => Metering, {
    nullable: true,
    description:
      'Meter, installation, energization gate and energization of the case; null before the scheme is confirmed or when you may not see the case',
  })
  @Roles(...ROLES)
  async metering(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<MeteringParent | null> {
    // The case row answers the view; what needs further tables is read by `MeteringResolver` when asked.
    const meteringCase = await this.cases.findKnown(principal, parent.id);
    return meteringCase ? this.views.of(meteringCase) : null;
  }
}
