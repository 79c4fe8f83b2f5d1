import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID, ValidateBy, ValidationOptions } from 'class-validator';
import { parseYuan } from './money';
import { Text } from '@yekuo/platform';

/** A positive amount in yuan with at most two decimals, written as a string ("12600.00", "0.5"). */
export function IsPositiveYuan(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveYuan',
      validator: {
        validate: (value: unknown) => {
          const fen = typeof value === 'string' ? parseYuan(value) : null;
          return fen !== null && fen > 0n;
        },
        defaultMessage: () => '$property must be a positive amount in yuan with at most two decimals, e.g. 12600.00',
      },
    },
    options,
  );
}

@InputType({ description: 'A payment of business fees received from the customer' })
export class RecordPaymentInput {
  @Field(() => ID, { description: 'The case whose fees are paid' })
  @IsUUID()
  caseId: string;

  @Field(() => String, {
    description: 'Amount received in yuan, at most two decimals, e.g. "100000.00"; it may not exceed what is outstanding',
  })
  @IsPositiveYuan()
  amount: string;

  @Field(() => String, { nullable: true, description: 'Bank transfer or receipt reference' })
  @Text({ max: 200, optional: true })
  reference?: string | null;
}
