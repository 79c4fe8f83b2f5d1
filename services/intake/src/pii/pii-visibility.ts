import type { Role } from '@yekuo/shared';

export type PersonalField = 'name' | 'phone' | 'idNumber' | 'siteAddress';

/**
 * Staff roles that see a personal field in full, because their work needs it; every other
 * staff role sees it masked. The customer and their agents always see the customer's own
 * data in full. Policy as data: change this table, not the resolvers.
 *
 * | field       | in full for                                                              | why                                              |
 * |-------------|--------------------------------------------------------------------------|--------------------------------------------------|
 * | name        | intake-clerk, contract-officer, auditor                                  | checks identity; names the contract party; audits |
 * | phone       | intake-clerk, surveyor, metering-technician                              | calls the customer; makes site appointments      |
 * | idNumber    | intake-clerk, auditor                                                    | checks the identity document; audits             |
 * | siteAddress | intake-clerk, surveyor, planner, inspector, metering-technician, auditor | goes to or plans for the site                    |
 */
export const PERSONAL_DATA_IN_FULL: Readonly<Record<PersonalField, readonly Role[]>> = {
  name: ['intake-clerk', 'contract-officer', 'auditor'],
  phone: ['intake-clerk', 'surveyor', 'metering-technician'],
  idNumber: ['intake-clerk', 'auditor'],
  siteAddress: ['intake-clerk', 'surveyor', 'planner', 'inspector', 'metering-technician', 'auditor'],
};
