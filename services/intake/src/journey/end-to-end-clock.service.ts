import { Injectable } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { Work } from '@yekuo/platform';
import { ClockService, StageClock, TimeLimitPolicy } from '@yekuo/timelimits';
import { END_TO_END_CLOCK, endToEndLimits, endToEndPause, needsExternalWorks } from './end-to-end-clock';
import type { JourneyApplied } from './journey.service';

/** Why the limit changes when the case turns out to need the utility's external works. */
const WORKS_RELIMIT = "The confirmed scheme needs the utility's external works: the whole-process limit with external works applies";

const later = (a: Date, b: Date | null): Date => (b && b.getTime() > a.getTime() ? b : a);

/**
 * The END_TO_END clock of a case (docs/DOMAIN.md, "The end-to-end clock"): started in the
 * acceptance transaction (CaseService.accept), kept by the journey after it applies each event (pause, resume, the limit
 * with external works, the stop at power-on), in the same transaction as the journey's update;
 * cancelled with the case's other clocks on withdrawal.
 */
@Injectable()
export class EndToEndClockService {
  constructor(
    private readonly clocks: ClockService,
    private readonly policy: TimeLimitPolicy,
  ) {}

  /** The case's END_TO_END clock as it stands now; null before acceptance. */
  view(caseId: string): Promise<StageClock | null> {
    return this.clocks.view(caseId, END_TO_END_CLOCK);
  }

  /**
   * Brings the clock in line with the case after the journey applied `event` (its open-action rows
   * are written in this transaction): stops it at power-on, switches to the limit with external
   * works once they are needed, and pauses or resumes it by the pause rule. Idempotent. `applied` is
   * what the journey derived (the case, its events and this clock's row, read once for both).
   */
  async afterJourney(work: Work, event: CloudEvent, applied: JourneyApplied): Promise<void> {
    const caseId = event.data.caseId;
    const clock = applied.endToEnd;
    if (!clock || (clock.state !== 'RUNNING' && clock.state !== 'PAUSED')) return;
    const actor = event.data.actor;
    // Facts may arrive out of order: a pause or resume never reaches back before the last one.
    const at = later(new Date(event.time), clock.lastPauseEnd);
    if (event.type === 'metering.case.energized.v1') {
      const { energizedAt: when } = event.data as { energizedAt?: unknown };
      const energizedAt = typeof when === 'string' ? new Date(when) : at;
      await this.clocks.stop(work, { caseId, stage: END_TO_END_CLOCK, at: energizedAt, actor });
      return;
    }
    // Before the pause rule: a resume that follows announces the new terms with the pause it closed; a running
    // clock announces them itself.
    const found = applied.connectionCase;
    if (found && needsExternalWorks(applied.events)) {
      const { limits } = endToEndLimits(this.policy, found.policyVersion, found.regionCode, found.category, true);
      await this.clocks.relimit(work, {
        caseId,
        stage: END_TO_END_CLOCK,
        limits,
        at,
        actor,
        reason: WORKS_RELIMIT,
        announce: clock.state === 'RUNNING',
      });
    }
    // The open actions the journey just derived (and wrote as the case's rows), in the order of their codes.
    const actions = [...applied.openActions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const rule = endToEndPause(actions);
    if (rule.paused && clock.state === 'RUNNING') {
      await this.clocks.pause(work, { caseId, stage: END_TO_END_CLOCK, at, by: actor, reason: rule.reason, announce: true });
    } else if (!rule.paused && clock.state === 'PAUSED') {
      await this.clocks.resume(work, { caseId, stage: END_TO_END_CLOCK, at, by: actor, announce: true });
    }
  }
}
