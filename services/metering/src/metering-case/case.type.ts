import { caseType, CaseRef } from '@yekuo/platform';

/** The case as metering sees it in the graph: intake owns `Case`; metering adds its own fields (meter, installation, gate, energization). */
export const Case = caseType('A connection case (业扩报装); owned by intake, extended here with meter installation and energization');
export type Case = CaseRef;
