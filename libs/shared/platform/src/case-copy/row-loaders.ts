import { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import type { Principal } from '../auth/principal';
import { byKey, groupedByKey, requestLoader } from './request-loaders';

function nameOf<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>): string {
  return manager.connection.getMetadata(entity).name;
}

function batchBy<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  keys: readonly unknown[],
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  return manager.find(entity, { where: { [property]: In([...keys]) } as FindOptionsWhere<T>, ...(order ? { order } : {}) });
}

/**
 * Every row of `entity` whose `property` is `key`, read once per request for all the keys
 * asked in the same turn (one query per table, however many parents ask).
 */
export function loadAllBy<T extends ObjectLiteral>(
  principal: Principal | undefined,
  manager: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  key: string,
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  const name = `${nameOf(manager, entity)}[${property}]${order ? JSON.stringify(order) : ''}`;
  return requestLoader<string, T[]>(principal, name, async (keys) =>
    groupedByKey(keys, await batchBy(manager, entity, property, keys, order), (row) => row[property] as string),
  ).load(key);
}

/** The row of `entity` whose (unique) `property` is `key`, or null; batched like `loadAllBy`. */
export function loadOneBy<T extends ObjectLiteral>(
  principal: Principal | undefined,
  manager: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  key: string,
): Promise<T | null> {
  const name = `${nameOf(manager, entity)}(${property})`;
  return requestLoader<string, T | null>(principal, name, async (keys) =>
    byKey(keys, await batchBy(manager, entity, property, keys), (row) => row[property] as string),
  ).load(key);
}
