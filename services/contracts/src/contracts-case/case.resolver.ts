import { Resolver } from '@nestjs/graphql';
import { CaseCopyResolver } from '@yekuo/platform';
import { Case } from './case.type';
import { ContractsCaseService } from './contracts-case.service';

/** Resolves `Case` references from the gateway and adds contracts' audit to it. */
@Resolver(() => Case)
export class CaseResolver extends CaseCopyResolver(Case, 'contracts') {
  constructor(cases: ContractsCaseService) {
    super(cases);
  }
}
