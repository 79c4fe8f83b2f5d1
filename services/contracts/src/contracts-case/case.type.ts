import { caseType, CaseRef } from '@yekuo/platform';

/** The case as contracts sees it in the graph: intake owns `Case`; contracts adds its own fields (contract, fees). */
export const Case = caseType(
  'A connection case (业扩报装); owned by intake, extended here with the supply-use contract and the business fees',
);
export type Case = CaseRef;
