import { Type } from '@nestjs/common';
import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';

/** Where a page of a list ends; one type for every list of the graph, shared by the subgraphs. */
@ObjectType({ description: 'Where a page of a list ends' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'Whether another page follows' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page, to pass as `after`; null on an empty page' })
  endCursor: string | null;
}

export interface ConnectionOptions {
  /** The GraphQL name of the list's items, naming `<Name>Edge` (the connection class names itself). */
  name: string;
  /** What one item is, e.g. "One case in a list, with its cursor" on the edge. */
  edgeDescription: string;
  /** What the page holds, e.g. "The cases of this page". */
  edgesDescription: string;
  /** Whether the list counts every item that matches (only where a list does so). */
  totalCount?: boolean;
}

export interface ConnectionShape<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/**
 * The cursor connection of `NodeType`: `edges { node cursor } pageInfo { hasNextPage endCursor }`.
 * Extend it with the connection's own `@ObjectType`:
 * `@ObjectType('CaseConnection', { description }) class CaseConnection extends Connection(Case, {...}) {}`.
 */
export function Connection<T>(NodeType: Type<T>, options: ConnectionOptions): Type<ConnectionShape<T>> {
  @ObjectType(`${options.name}Edge`, { description: options.edgeDescription })
  class Edge {
    @Field(() => NodeType, { description: `The ${options.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}` })
    node: T;

    @Field({ description: 'Opaque position to pass as `after`' })
    cursor: string;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [Edge], { description: options.edgesDescription })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Where this page ends' })
    pageInfo: PageInfo;
  }

  if (!options.totalCount) return ConnectionType as unknown as Type<ConnectionShape<T>>;

  @ObjectType({ isAbstract: true })
  abstract class CountedConnectionType extends ConnectionType {
    @Field(() => Int, { description: 'How many items the list holds in all' })
    totalCount: number;
  }
  return CountedConnectionType as unknown as Type<ConnectionShape<T>>;
}
