import { Args, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, CurrentPrincipal, OptionalInputArg, Principal, Roles } from '@yekuo/platform';
import { ROLES, STAFF_ROLES } from '@yekuo/events';
import { Case } from '../planning-case/case.type';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { ChosenConstructionUnit } from './chosen-construction-unit.entity';
import { ConstructionUnitChange } from './construction-unit-change.entity';
import { ConstructionUnit } from './construction-unit.entity';
import {
  ChooseConstructionUnitInput,
  ConstructionUnitFilter,
  RegisterConstructionUnitInput,
  UpdateConstructionUnitInput,
} from './construction-unit.inputs';
import { CHOOSE_UNIT_ROLES, ConstructionUnitService, UNIT_REGISTRY_ROLES } from './construction-unit.service';
import { classInfo } from './qualification-classes';
import { ConstructionUnitRecommendation } from './recommendation.entity';
import { ConstructionUnitModel } from './construction-unit.model';
import { ConstructionUnitChangeModel } from './construction-unit-change.model';
import { ChosenConstructionUnitModel } from './chosen-construction-unit.model';
import { ConstructionUnitRecommendationModel } from './recommendation.model';

@ObjectType({ description: 'A page of the construction-unit registry, in order of registration' })
export class ConstructionUnitConnection extends Connection(ConstructionUnitModel, {
  name: 'ConstructionUnit',
  edgeDescription: 'One construction unit in a list, with its cursor',
  edgesDescription: 'The units on this page',
}) {}

/** The registry, its change history and the unit fields on a construction unit. */
@Resolver(() => ConstructionUnitModel)
export class ConstructionUnitResolver {
  constructor(private readonly units: ConstructionUnitService) {}

  @Query(() => ConstructionUnitConnection, {
    description: 'The construction-unit registry (anyone signed in: customers may look up a qualified unit of their own)',
  })
  @Roles(...ROLES)
  constructionUnits(
    @OptionalInputArg('filter', () => ConstructionUnitFilter, { description: 'Narrows the list' })
    filter: ConstructionUnitFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 100' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'Cursor to continue after' }) after: string | undefined,
  ): Promise<ConstructionUnitConnection> {
    return this.units.list(filter, first, after);
  }

  @Mutation(() => ConstructionUnitModel, { description: 'Add a construction unit to the registry (planner, admin)' })
  @Roles(...UNIT_REGISTRY_ROLES)
  registerConstructionUnit(
    @Args('input') input: RegisterConstructionUnitInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConstructionUnit> {
    return this.units.register(principal, input);
  }

  @Mutation(() => ConstructionUnitModel, {
    description:
      'Change a registered construction unit, including suspending it or lifting a suspension (planner, admin); every change is recorded',
  })
  @Roles(...UNIT_REGISTRY_ROLES)
  updateConstructionUnit(
    @Args('input') input: UpdateConstructionUnitInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConstructionUnit> {
    return this.units.update(principal, input);
  }

  @ResolveField(() => String, { description: 'The qualification class as written on the licence, e.g. 二级' })
  @Roles(...ROLES)
  qualificationClassLabel(@Parent() unit: ConstructionUnit): string {
    return classInfo(unit.qualificationClass).label;
  }

  @ResolveField(() => [ConstructionUnitChangeModel], {
    description: 'Every change of the unit, oldest first: who, when, what (staff only)',
  })
  @Roles(...STAFF_ROLES)
  history(@Parent() unit: ConstructionUnit): Promise<ConstructionUnitChange[]> {
    return this.units.history(unit.id);
  }
}

/** `Case.recommendedConstructionUnits`, `Case.chosenConstructionUnit` and the customer's choice. */
@Resolver(() => Case)
export class CaseConstructionUnitResolver {
  constructor(
    private readonly units: ConstructionUnitService,
    private readonly cases: PlanningCaseService,
  ) {}

  @ResolveField(() => ConstructionUnitRecommendationModel, {
    nullable: true,
    description:
      'The construction units recommended to the customer (the latest recommendation); null before the survey, or when you may not see the case',
  })
  @Roles(...ROLES)
  async recommendedConstructionUnits(
    @Parent() parent: Case,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConstructionUnitRecommendation | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.units.latestRecommendation(parent.id, principal);
  }

  @ResolveField(() => ChosenConstructionUnitModel, {
    nullable: true,
    description: 'The construction unit the customer chose; null until chosen, or when you may not see the case',
  })
  @Roles(...ROLES)
  async chosenConstructionUnit(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<ChosenConstructionUnit | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.units.chosen(parent.id, principal);
  }

  @Mutation(() => Case, {
    description:
      'Record the construction unit the customer chose: one of the recommended units, or another unit whose class suffices (the customer, or an agent acting for them)',
  })
  @Roles(...CHOOSE_UNIT_ROLES)
  async chooseConstructionUnit(@Args('input') input: ChooseConstructionUnitInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.units.choose(principal, input);
    return { id: input.caseId };
  }
}
