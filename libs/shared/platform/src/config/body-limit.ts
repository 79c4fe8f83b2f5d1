import { z } from 'zod';

/** `1mb`, `512kb`, `2000b`: the one size `BODY_LIMIT` is written in. */
const SIZE = /^(\d+)(b|kb|mb)$/i;

/**
 * `BODY_LIMIT`, read alike by the gateway and every service: the largest JSON body the
 * gateway accepts (larger ones get 413 PAYLOAD_TOO_LARGE there). A service accepts
 * `subgraphBodyLimit` of it, so that what the gateway let through never meets a 413 in a subgraph.
 */
export function bodyLimitSetting() {
  return z.string().regex(SIZE, 'expected a size such as 1mb or 512kb').default('1mb');
}

/** A `BODY_LIMIT` size in bytes (`1mb` = 1048576). */
export function bodyLimitBytes(limit: string): number {
  const match = SIZE.exec(limit);
  if (!match) throw new Error(`"${limit}" is not a size such as 1mb or 512kb`);
  const unit = match[2].toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * What a subgraph accepts for a `BODY_LIMIT`: twice the gateway's limit, in bytes. The gateway
 * sends a subgraph the variables it was given and the part of the operation that subgraph
 * resolves (plus entity representations), so the headroom keeps the gateway the one that refuses.
 */
export function subgraphBodyLimit(limit: string): number {
  return 2 * bodyLimitBytes(limit);
}
