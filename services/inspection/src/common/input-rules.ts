import type { FieldError } from '@yekuo/platform';

/** Trims every entry of an optional list (blank entries were refused by validation). */
export function trimmed(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map((v) => v.trim());
}

/** `input.<field>` must list something when `required` holds. */
export function requiredList(field: string, values: readonly string[] | null | undefined, when: string): FieldError[] {
  return (values ?? []).length > 0 ? [] : [{ field: `input.${field}`, message: `${field} must list at least one entry when ${when}` }];
}
