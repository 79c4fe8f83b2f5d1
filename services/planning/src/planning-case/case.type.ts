import { caseType, CaseRef } from '@yekuo/platform';

/** The case as planning sees it in the graph: intake owns `Case`; planning adds its own fields (survey, scheme, ...). */
export const Case = caseType('A connection case (业扩报装); owned by intake, extended here with site survey and supply scheme');
export type Case = CaseRef;
