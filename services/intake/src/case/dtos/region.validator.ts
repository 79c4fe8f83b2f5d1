import { DEFAULT_ORG } from '@yekuo/policy';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** Whether the utility serves `code` (organisation data in libs/shared policy). */
export function isKnownRegion(code: unknown): boolean {
  return typeof code === 'string' && DEFAULT_ORG.regions.some((r) => r.code === code);
}

/** A region code the organisation data knows. */
export function IsKnownRegion(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isKnownRegion',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: isKnownRegion,
        defaultMessage: () => `must be a region code the utility serves (${DEFAULT_ORG.regions.map((r) => r.code).join(', ')})`,
      },
    });
}
