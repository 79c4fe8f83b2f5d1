import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { CustomerPause } from '../planning-case/customer-pause.entity';
import { Case } from '../planning-case/case.type';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { SurveyAppointment } from './survey-appointment.entity';
import { Survey } from './survey.entity';
import { CompleteFastPathInput, RecordSurveyInput, RescheduleSurveyInput, ScheduleSurveyInput } from './survey.inputs';
import { RECORD_SURVEY_ROLES, RESCHEDULE_SURVEY_ROLES, SCHEDULE_SURVEY_ROLES, SurveyService } from './survey.service';
import { SurveyModel } from './survey.model';
import { SurveyAppointmentModel } from './survey-appointment.model';
import { CustomerPauseModel } from '../planning-case/customer-pause.model';

/** `Case.survey`, `Case.planningPauses` and the survey mutations. */
@Resolver(() => Case)
export class SurveyResolver {
  constructor(
    private readonly surveys: SurveyService,
    private readonly cases: PlanningCaseService,
  ) {}

  @ResolveField(() => SurveyModel, {
    nullable: true,
    description: 'The site survey; null until one is scheduled, or when you may not see the case',
  })
  @Roles(...ROLES)
  async survey(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<Survey | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.surveys.find(parent.id, principal);
  }

  @ResolveField(() => [CustomerPauseModel], {
    description:
      "Intervals of planning counted as the customer's time (a survey moved at the customer's request, from the old to the new appointment; a replied scheme awaiting the customer's answer), oldest first; the pauses of the running time-limit clock itself are on planningClocks. Empty when you may not see the case",
  })
  @Roles(...ROLES)
  async planningPauses(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<CustomerPause[]> {
    if (!(await this.cases.findVisible(principal, parent.id))) return [];
    return this.surveys.pauses(parent.id, principal);
  }

  @Mutation(() => Case, {
    description: "Appoint the site survey (surveyor, planner); without a surveyor, the least loaded one of the case's region is assigned",
  })
  @Roles(...SCHEDULE_SURVEY_ROLES)
  async scheduleSurvey(@Args('input') input: ScheduleSurveyInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.schedule(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      "Move the survey appointment with a reason, saying whether the customer or the utility asked (surveyor, planner); the customer's delay is recorded as customer time",
  })
  @Roles(...RESCHEDULE_SURVEY_ROLES)
  async rescheduleSurvey(@Args('input') input: RescheduleSurveyInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.reschedule(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Record the result of the site survey (surveyor); issues the construction-unit recommendation, and on a case surveyed with its scheme (low-voltage residential; low-voltage non-residential under 三零) also drafts, approves by rule and replies the standard scheme, which under 三零 is confirmed by rule too',
  })
  @Roles(...RECORD_SURVEY_ROLES)
  async recordSurvey(@Args('input') input: RecordSurveyInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.record(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Fast path (surveyor) of a case surveyed with its scheme (low-voltage residential; low-voltage non-residential under 三零): survey and supply scheme in one step, from an unscheduled or scheduled survey; the scheme comes from the standard template, is approved by rule and replied to the customer, who then confirms (under 三零 it is confirmed by rule at once while it still qualifies)',
  })
  @Roles(...RECORD_SURVEY_ROLES)
  async completeFastPath(@Args('input') input: CompleteFastPathInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.completeFastPath(principal, input);
    return { id: input.caseId };
  }
}

/** The appointment history of a survey. */
@Resolver(() => SurveyModel)
export class SurveyFieldsResolver {
  constructor(private readonly surveys: SurveyService) {}

  @ResolveField(() => [SurveyAppointmentModel], { description: 'Every appointment, oldest first: moved ones with who asked and why' })
  @Roles(...ROLES)
  appointments(@Parent() survey: Survey, @CurrentPrincipal() principal: Principal): Promise<SurveyAppointment[]> {
    return this.surveys.appointments(survey.caseId, principal);
  }
}
