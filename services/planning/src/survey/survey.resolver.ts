import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, ROLES, Roles } from '@yekuo/shared';
import { Case } from '../planning-case/case.type';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { Survey } from './survey.entity';
import { RecordSurveyInput, ScheduleSurveyInput } from './survey.inputs';
import { RECORD_SURVEY_ROLES, SCHEDULE_SURVEY_ROLES, SurveyService } from './survey.service';

/** `Case.survey` and the survey mutations. */
@Resolver(() => Case)
export class SurveyResolver {
  constructor(
    private readonly surveys: SurveyService,
    private readonly cases: PlanningCaseService,
  ) {}

  @ResolveField(() => Survey, {
    nullable: true,
    description: 'The site survey; null until one is scheduled, or when you may not see the case',
  })
  @Roles(...ROLES)
  async survey(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<Survey | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.surveys.find(parent.id);
  }

  @Mutation(() => Case, { description: 'Appoint the site survey, or move the appointment (surveyor, planner)' })
  @Roles(...SCHEDULE_SURVEY_ROLES)
  async scheduleSurvey(@Args('input') input: ScheduleSurveyInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.schedule(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, { description: 'Record the result of the site survey (surveyor)' })
  @Roles(...RECORD_SURVEY_ROLES)
  async recordSurvey(@Args('input') input: RecordSurveyInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.surveys.record(principal, input);
    return { id: input.caseId };
  }
}
