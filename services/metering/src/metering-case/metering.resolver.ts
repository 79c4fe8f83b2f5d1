import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ClockService, StageClock } from '@yekuo/timelimits';
import { ROLES } from '@yekuo/events';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { MeterView } from '../meter/meter.model';
import { ENERGIZATION_CLOCK, METER_INSTALLATION_CLOCK } from './metering-case.service';
import {
  InstallationOrderChangeView,
  InstallationOrderParent,
  InstallationOrderView,
  MeterInstallationParent,
  Metering,
  MeteringParent,
} from './metering.model';
import { MeteringViewService } from './metering-view.service';

/**
 * Fields of `Metering` read apart from the case row, each only when it is asked: the facts, the
 * meter, the installation and the time-limit clock of the energization step. Whoever may see the
 * case's `metering` may see them (the parent is only served to them); the principal names the
 * request, whose loaders read each table once for every case asked.
 */
@Resolver(() => Metering)
export class MeteringResolver {
  constructor(
    private readonly clocks: ClockService,
    private readonly views: MeteringViewService,
  ) {}

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      'The time-limit clock of energization (ENERGIZATION): from the moment the gate opened to the power-on, paused while the power-on waits on the customer; null until the gate opens',
  })
  @Roles(...ROLES)
  clock(@Parent() metering: MeteringParent): Promise<StageClock | null> {
    return this.clocks.view(metering.caseId, ENERGIZATION_CLOCK);
  }

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      'The time-limit clock of installing the meter (METER_INSTALLATION): from the moment the installed meter is the only condition the gate still waits for (contract signed, fees settled, completion accepted and external works completed where the case needs them) to the meter installed; null before then, and for a meter installed before the other conditions held',
  })
  @Roles(...ROLES)
  meterInstallationClock(@Parent() metering: MeteringParent): Promise<StageClock | null> {
    return this.clocks.view(metering.caseId, METER_INSTALLATION_CLOCK);
  }

  // The fields below are declared (type, description) on `Metering`; only their reading is here.

  @ResolveField('meter')
  @Roles(...ROLES)
  meter(@Parent() metering: MeteringParent, @CurrentPrincipal() principal: Principal): Promise<MeterView | null> {
    return this.views.meterOf(metering.caseId, principal);
  }

  @ResolveField('installation')
  @Roles(...ROLES)
  installation(@Parent() metering: MeteringParent, @CurrentPrincipal() principal: Principal): Promise<MeterInstallationParent | null> {
    return this.views.installationOf(metering.caseId, principal);
  }

  @ResolveField('recordedConditions')
  @Roles(...ROLES)
  recordedConditions(@Parent() metering: MeteringParent, @CurrentPrincipal() principal: Principal): Promise<string[]> {
    return this.views.recordedConditions(metering, principal);
  }

  @ResolveField('blockedBy')
  @Roles(...ROLES)
  blockedBy(@Parent() metering: MeteringParent, @CurrentPrincipal() principal: Principal): Promise<string[]> {
    return this.views.blockedBy(metering, principal);
  }
}

/** `InstallationOrder.history`, read when asked (declared on `InstallationOrderView`). */
@Resolver(() => InstallationOrderView)
export class InstallationOrderResolver {
  constructor(private readonly views: MeteringViewService) {}

  @ResolveField('history')
  @Roles(...ROLES)
  history(@Parent() order: InstallationOrderParent, @CurrentPrincipal() principal: Principal): Promise<InstallationOrderChangeView[]> {
    return this.views.orderHistoryOf(order.caseId, principal);
  }
}
