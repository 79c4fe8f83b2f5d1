import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { FieldError, Text } from '@yekuo/platform';
import type { ItemResult } from './intermediate-inspection.entity';
import { ITEM_RESULTS, ItemResultEnum } from '../enums';

export { ITEM_RESULTS };

@InputType({
  description:
    "The customer's request for the intermediate inspection of concealed works; after a failure it reports the rectification done and asks for the re-inspection of the failed items",
})
export class RequestIntermediateInspectionInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { nullable: true, description: 'After a failure: what was rectified, for the inspector' })
  @Text({ max: 2000, optional: true, multiline: true })
  rectificationNote?: string;
}

@InputType({ description: 'One inspected item of concealed works and its result' })
export class InspectionItemInput {
  @Field(() => String, {
    description: 'The item inspected, e.g. "Cable trench depth"; on a re-inspection, one of the open rectification items',
  })
  @Text({ max: 200 })
  item: string;

  @Field(() => ItemResultEnum, { description: 'Whether the item passed' })
  @IsIn(ITEM_RESULTS)
  result: ItemResult;

  @Field(() => String, { nullable: true, description: 'What was found; required when FAIL (the customer rectifies from it)' })
  @Text({ max: 2000, optional: true, multiline: true })
  note?: string;
}

@InputType({
  description:
    "The inspector's result of the requested intermediate inspection, item by item; failed items become rectification items, and a re-inspection records exactly the open ones",
})
export class RecordIntermediateInspectionInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => [InspectionItemInput], { description: 'Every item inspected, each once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InspectionItemInput)
  items: InspectionItemInput[];
}

/** Normalised item name: rectification items are matched by it. */
export const itemKey = (item: string): string => item.trim().replace(/\s+/g, ' ');

/** What the input types cannot say alone: each item once, a note for each failure. */
export function intermediateItemsErrors(items: readonly Pick<InspectionItemInput, 'item' | 'result' | 'note'>[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  items.forEach((i, index) => {
    const key = itemKey(i.item).toLowerCase();
    if (seen.has(key)) errors.push({ field: `input.items.${index}.item`, message: `${itemKey(i.item)} is listed more than once` });
    seen.add(key);
    if (i.result === 'FAIL' && !i.note?.trim()) {
      errors.push({ field: `input.items.${index}.note`, message: 'note is required when the item fails' });
    }
  });
  return errors;
}

/**
 * A re-inspection covers the open rectification items only, and all of them: every item
 * outside the scope and every open item left out is named at once.
 */
export function reinspectionScopeErrors(scope: readonly string[], items: readonly Pick<InspectionItemInput, 'item'>[]): FieldError[] {
  if (scope.length === 0) return [];
  const inScope = new Set(scope.map((s) => s.toLowerCase()));
  const recorded = new Set(items.map((i) => itemKey(i.item).toLowerCase()));
  const outside = items
    .map((i, index) => ({ name: itemKey(i.item), index }))
    .filter(({ name }) => !inScope.has(name.toLowerCase()))
    .map(({ name, index }) => ({
      field: `input.items.${index}.item`,
      message: `${name} is not an open rectification item; the re-inspection covers: ${scope.join(', ')}`,
    }));
  const missing = scope
    .filter((s) => !recorded.has(s.toLowerCase()))
    .map((s) => ({ field: 'input.items', message: `the re-inspection must record the open rectification item ${s}` }));
  return [...outside, ...missing];
}
