import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const ID_TYPES = ['RESIDENT_ID', 'PASSPORT', 'BUSINESS_LICENCE', 'OTHER'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** A person or enterprise that applies for a connection. Intake owns customers. */
@ObjectType({ description: 'A person or enterprise applying for a connection' })
@Entity({ name: 'customer' })
@Unique('customer_identity', ['idType', 'idNumber'])
export class Customer {
  @Field(() => ID, { description: 'Customer id; a customer token carries it as `sub`' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Name of the person or enterprise' })
  @Column('text')
  name: string;

  @Field(() => String, { description: 'Kind of identity document: RESIDENT_ID, PASSPORT, BUSINESS_LICENCE or OTHER' })
  @Column({ name: 'id_type', type: 'text' })
  idType: IdType;

  @Column({ name: 'id_number', type: 'text' })
  idNumber: string;

  @Field(() => String, { nullable: true, description: 'Contact phone' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
