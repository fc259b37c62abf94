import type { JsonObject, JsonValue } from '../../core/index.js';

/** What Ironic shows instead of a secret. */
export const MASK = '******';

/**
 * Keys whose values are secrets. oslo's mask_dict_password matches password/secret/token/configdrive
 * and friends; we also mask `*key*` (private keys, kg keys), a superset that keeps secrets out of output.
 */
const SECRET_KEY = /pass(word|wd)|pswd|secret|token|key|configdrive|credential/i;

function hasSecret(object: JsonObject): boolean {
  for (const [key, value] of Object.entries(object)) {
    if (SECRET_KEY.test(key)) return true;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && hasSecret(value)) return true;
  }
  return false;
}

function maskCopy(object: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    let shown: JsonValue = value;
    if (SECRET_KEY.test(key)) shown = MASK;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) shown = maskCopy(value);
    Object.defineProperty(out, key, { value: shown, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `object` with secret values replaced by `******`, recursively; the same object when it has none. */
export function maskSecrets(object: JsonObject): JsonObject {
  return hasSecret(object) ? maskCopy(object) : object;
}

/** instance_info as Ironic shows it: configdrive masked, temp-URL signatures hidden in image URLs. */
export function maskInstanceInfo(info: JsonObject): JsonObject {
  const masked = maskSecrets(info);
  const url = masked['image_url'];
  if (typeof url !== 'string' || !/temp_url_sig=/.test(url)) return masked;
  return { ...masked, image_url: url.replace(/temp_url_sig=[^&]*/g, `temp_url_sig=${MASK}`) };
}

/** driver_internal_info as Ironic shows it: only the agent token is hidden. */
export function maskDriverInternalInfo(info: JsonObject): JsonObject {
  if (info['agent_secret_token'] === undefined || info['agent_secret_token'] === null) return info;
  return { ...info, agent_secret_token: MASK };
}
