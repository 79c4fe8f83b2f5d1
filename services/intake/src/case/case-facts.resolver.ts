import { Int, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { CaseFactsService } from './case-facts.service';

/** The one-off republish of every case's facts (administrators). */
@Resolver()
export class CaseFactsResolver {
  constructor(private readonly facts: CaseFactsService) {}

  @Mutation(() => Int, {
    description:
      "Publish every case's facts (region, business type) once more as intake.case.facts.v1, so copies other services opened before events carried them are filled; running it again changes nothing in them (admin). Returns the number of cases published",
  })
  @Roles('admin')
  republishCaseFacts(@CurrentPrincipal() principal: Principal): Promise<number> {
    return this.facts.republish(principal);
  }
}
