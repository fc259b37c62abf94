import { InvalidParameterValue } from '../../core/index.js';
import { isJsonObject } from './request-body.js';

/** A parsed query string: repeated keys give arrays. */
export type Query = Readonly<Record<string, string | string[] | undefined>>;

/** The request's query as a `Query` (fastify's parser output, checked). */
export function asQuery(raw: unknown): Query {
  return isJsonObject(raw) ? (raw as Query) : {};
}

/** The last value given for `name`, as pecan does for repeated parameters. */
export function queryString(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** 400 "Unexpected arguments: a, b" for parameters the endpoint does not know (WSME wording). */
export function checkQueryArgs(query: Query, allowed: readonly string[]): void {
  const unexpected = Object.keys(query).filter((key) => !allowed.includes(key));
  if (unexpected.length > 0) throw new InvalidParameterValue(`Unexpected arguments: ${unexpected.join(', ')}`);
}

const TRUE_STRINGS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_STRINGS = ['0', 'f', 'false', 'off', 'n', 'no'];
const ACCEPTED = [...TRUE_STRINGS, ...FALSE_STRINGS].sort().map((s) => `'${s}'`).join(', ');

/** oslo strutils.bool_from_string(strict=True), with Ironic's message for a bad value. */
export function parseBoolean(name: string, value: string): boolean {
  const lowered = value.trim().toLowerCase();
  if (TRUE_STRINGS.includes(lowered)) return true;
  if (FALSE_STRINGS.includes(lowered)) return false;
  throw new InvalidParameterValue(`Invalid ${name}: Unrecognized value '${value}', acceptable values are: ${ACCEPTED}`);
}

/** An optional boolean query parameter. */
export function queryBoolean(query: Query, name: string): boolean | undefined {
  const value = queryString(query, name);
  return value === undefined ? undefined : parseBoolean(name, value);
}
