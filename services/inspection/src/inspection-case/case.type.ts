import { caseType, CaseRef } from '@yekuo/platform';

/** The case as inspection sees it in the graph: intake owns `Case`; inspection adds its own fields. */
export const Case = caseType(
  'A connection case (业扩报装); owned by intake, extended here with design review, construction, intermediate inspection and completion acceptance',
);
export type Case = CaseRef;
