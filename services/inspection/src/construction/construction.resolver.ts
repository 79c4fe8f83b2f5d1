import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { variantOf } from '@yekuo/policy';
import { Case } from '../inspection-case/case.type';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { inspectsConstruction } from '../inspection-case/inspection-case.state-machine';
import { ConstructionProgress, constructionProgressOf } from './construction-progress.model';
import { RecordConstructionStartInput } from './construction.inputs';
import { ConstructionService } from './construction.service';

/** `Case.construction` and `recordConstructionStart`. */
@Resolver(() => Case)
export class ConstructionResolver {
  constructor(
    private readonly constructions: ConstructionService,
    private readonly cases: InspectionCaseService,
  ) {}

  @ResolveField(() => ConstructionProgress, {
    nullable: true,
    description:
      'The construction unit the customer chose and when construction started; null when the case needs no inspection, inspection has not opened it, or you may not see it',
  })
  @Roles(...ROLES)
  async construction(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<ConstructionProgress | null> {
    const found = await this.cases.findVisible(principal, parent.id);
    return found && inspectsConstruction(variantOf(found.category, found.processVariant)) ? constructionProgressOf(found) : null;
  }

  @Mutation(() => Case, {
    description:
      'Record that construction started, after design approval (high voltage) or scheme confirmation (low-voltage non-residential outside 三零, which inspects no construction) (the customer, an agent acting for them, or an inspector)',
  })
  @Roles(...INSPECTION_ROLES.recordConstructionStart)
  async recordConstructionStart(
    @Args('input') input: RecordConstructionStartInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.constructions.recordStart(principal, input);
    return { id: input.caseId };
  }
}
