import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { Case } from '../metering-case/case.type';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { AssignMeterInput, MeterFilter, RegisterMeterInput, RetireMeterInput } from './meter.inputs';
import { MeterConnection, MeterView } from './meter.model';
import { MeterService } from './meter.service';

/** The meter inventory and the assignment of a meter to a case. */
@Resolver(() => MeterView)
export class MeterResolver {
  constructor(private readonly inventory: MeterService) {}

  @Query(() => MeterConnection, {
    description: 'The meter inventory, by meter number (metering technicians, supervisors, auditors, admins)',
  })
  @Roles(...METERING_ROLES.meters)
  meters(
    // `MeterFilter | undefined` keeps the input pipe off this argument: the service validates it and names `filter.*`.
    @Args('filter', { type: () => MeterFilter, nullable: true, description: 'Narrows the list' }) filter: MeterFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 100' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page' }) after: string | undefined,
  ): Promise<MeterConnection> {
    return this.inventory.list(filter, first, after);
  }

  @Mutation(() => MeterView, {
    description:
      'Register a meter received into stock (metering technician or admin); a number already registered is a CONFLICT, transformer ratios that do not suit the type are VALIDATION_FAILED',
  })
  @Roles(...METERING_ROLES.registerMeter)
  registerMeter(@Args('input') input: RegisterMeterInput, @CurrentPrincipal() principal: Principal): Promise<MeterView> {
    return this.inventory.register(principal, input);
  }

  @Mutation(() => MeterView, { description: 'Retire a meter in stock from service for good (metering technician or admin)' })
  @Roles(...METERING_ROLES.retireMeter)
  retireMeter(@Args('input') input: RetireMeterInput, @CurrentPrincipal() principal: Principal): Promise<MeterView> {
    return this.inventory.retire(principal, input);
  }

  @Mutation(() => Case, {
    description:
      "Assign a meter from stock to the case, from the scheme confirmation on, in parallel with construction (metering technician). A meter that does not fit the scheme's metering method or supply voltage is VALIDATION_FAILED naming the rule (extensions.rules); a meter serving another case is a CONFLICT",
  })
  @Roles(...METERING_ROLES.assignMeter)
  async assignMeter(@Args('input') input: AssignMeterInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.inventory.assign(principal, input);
    return { id: input.caseId };
  }
}
