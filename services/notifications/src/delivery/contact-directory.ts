/** A customer's contact details, read from intake at sending time and never stored here. */
export interface Contact {
  email: string | null;
  phone: string | null;
}

/** Where the sender reads contacts (intake's internal contact read, with the service's credential). */
export interface ContactDirectory {
  contactsOf(customerIds: readonly string[]): Promise<Map<string, Contact>>;
}

export const CONTACT_DIRECTORY = Symbol('CONTACT_DIRECTORY');
