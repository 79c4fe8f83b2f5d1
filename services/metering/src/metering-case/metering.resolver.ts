import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ClockService, StageClock } from '@yekuo/timelimits';
import { ROLES } from '@yekuo/events';
import { Roles } from '@yekuo/platform';
import { ENERGIZATION_CLOCK } from './metering-case.service';
import { Metering } from './metering.model';

/** Fields of `Metering` read apart from the view: the time-limit clock of the energization step. */
@Resolver(() => Metering)
export class MeteringResolver {
  constructor(private readonly clocks: ClockService) {}

  /** Whoever may see the case's `metering` may see its clock (the parent is only served to them). */
  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      'The time-limit clock of energization (ENERGIZATION): from the moment the gate opened to the power-on, paused while the power-on waits on the customer; null until the gate opens',
  })
  @Roles(...ROLES)
  clock(@Parent() metering: Metering): Promise<StageClock | null> {
    return this.clocks.view(metering.caseId, ENERGIZATION_CLOCK);
  }
}
