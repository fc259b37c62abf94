// One root device hint expression in Ironic's grammar (oslo_utils.specs_matcher as used by
// ironic_python_agent/device_hints.py): an optional operator, then one value, or `<or> a <or> b …`.
// Values are compared lower-cased and trimmed, as IPA's _normalize_hint_expression does.

/** Operators a string hint accepts (`s==` when none is given). */
export const STRING_OPERATORS = ['s==', 's!=', 's<', 's<=', 's>', 's>=', '<in>', '<or>'] as const;
/** Operators an integer hint (size, GiB) accepts (`==` when none is given; `=` is specs_matcher's legacy `>=`). */
export const INTEGER_OPERATORS = ['==', '=', '!=', '<', '<=', '>', '>=', '<or>'] as const;

export type StringOperator = (typeof STRING_OPERATORS)[number];
export type IntegerOperator = (typeof INTEGER_OPERATORS)[number];

/** A parsed string hint: operator and lower-cased values (several only for `<or>`). */
export interface StringHint {
  kind: 'string';
  op: StringOperator;
  values: string[];
}

/** A parsed integer hint. */
export interface IntegerHint {
  kind: 'integer';
  op: IntegerOperator;
  values: number[];
}

// Every operator specs_matcher's grammar knows, longest first so that `==` wins over `=` and `<=` over `<`
// (its MatchFirst order). Unsupported ones are recognised only to refuse them by name.
const KNOWN_OPERATORS = [
  '<all-in>',
  '<range-in>',
  '<or>',
  '<in>',
  's==',
  's!=',
  's<=',
  's<',
  's>=',
  's>',
  '==',
  '=',
  '!=',
  '>=',
  '<=',
  '>',
  '<',
];

/** Splits `expression` into its leading operator ('' when none) and its values; throws on an empty value. */
function splitExpression(hint: string, raw: string): { op: string; values: string[] } {
  const expression = raw.trim().toLowerCase();
  if (expression === '') throw new Error(`root device hint "${hint}" is empty`);
  const op = KNOWN_OPERATORS.find((candidate) => expression.startsWith(candidate)) ?? '';
  if (op === '') return { op, values: [expression] };
  const values = expression
    .split(op)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) throw new Error(`root device hint "${hint}" has the operator ${op} but no value: "${raw}"`);
  if (values.length > 1 && op !== '<or>')
    throw new Error(`root device hint "${hint}" repeats the operator ${op}: "${raw}"; use <or> for alternatives`);
  return { op, values };
}

/** Parses a string hint (model, serial, name …). */
export function parseStringHint(hint: string, raw: string): StringHint {
  const { op, values } = splitExpression(hint, raw);
  const effective = op === '' ? 's==' : op;
  if (!isOneOf(effective, STRING_OPERATORS)) {
    throw new Error(
      `root device hint "${hint}" uses ${effective}, which string hints do not support (use one of ${STRING_OPERATORS.join(' ')})`,
    );
  }
  return { kind: 'string', op: effective, values };
}

/** Parses an integer hint (size in GiB): every value a positive integer, as IPA's parse_root_device_hints wants. */
export function parseIntegerHint(hint: string, raw: string): IntegerHint {
  const { op, values } = splitExpression(hint, raw);
  const effective = op === '' ? '==' : op;
  if (!isOneOf(effective, INTEGER_OPERATORS)) {
    throw new Error(
      `root device hint "${hint}" uses ${effective}, which integer hints do not support (use one of ${INTEGER_OPERATORS.join(' ')})`,
    );
  }
  const numbers = values.map((v) => {
    if (!/^\+?\d+$/.test(v)) throw new Error(`root device hint "${hint}" is not an integer value: "${raw}"`);
    const n = Number(v);
    if (n <= 0) throw new Error(`root device hint "${hint}" should be a positive integer: "${raw}"`);
    return n;
  });
  return { kind: 'integer', op: effective, values: numbers };
}

/** Whether a device's string value satisfies the hint; a missing or empty value never does (IPA skips the device). */
export function matchesStringHint(hint: StringHint, deviceValue: string | null | undefined): boolean {
  if (deviceValue === null || deviceValue === undefined) return false;
  const value = deviceValue.trim().toLowerCase();
  if (value === '') return false;
  const [first = ''] = hint.values;
  switch (hint.op) {
    case 's==':
      return value === first;
    case 's!=':
      return value !== first;
    case 's<':
      return value < first;
    case 's<=':
      return value <= first;
    case 's>':
      return value > first;
    case 's>=':
      return value >= first;
    case '<in>':
      return value.includes(first);
    case '<or>':
      return hint.values.includes(value);
  }
}

/**
 * Whether a number satisfies the hint. `<or>` compares numerically: specs_matcher compares a float with the
 * string tokens there, so in IPA `size: "<or> 10 <or> 20"` never matches; Ferro does what the operator says.
 */
export function matchesIntegerHint(hint: IntegerHint, deviceValue: number): boolean {
  const [first = Number.NaN] = hint.values;
  switch (hint.op) {
    case '==':
      return deviceValue === first;
    case '=':
      return deviceValue >= first; // specs_matcher's legacy meaning
    case '!=':
      return deviceValue !== first;
    case '<':
      return deviceValue < first;
    case '<=':
      return deviceValue <= first;
    case '>':
      return deviceValue > first;
    case '>=':
      return deviceValue >= first;
    case '<or>':
      return hint.values.includes(deviceValue);
  }
}

function isOneOf<T extends string>(value: string, options: readonly T[]): value is T {
  return (options as readonly string[]).includes(value);
}
