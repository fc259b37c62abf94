import type { HttpMethod } from './busy-conditions.js';
import { linkAt, objectAt } from './json-fields.js';
import type { RedfishResponse, RequestContext, SendOptions } from './redfish-client.js';
import type { RedfishAuthType, RedfishDriverInfo } from './redfish-driver-info.js';
import { RedfishErrorCode, hasHttpStatus, httpFailureOf, redfishError } from './redfish-failure.js';

/** How the authenticator talks to the BMC: the client's send, with its retries. */
export type Send = (method: HttpMethod, path: string, options: SendOptions, ctx: RequestContext) => Promise<RedfishResponse>;

/** DSP0266 §13.3.4 fixes the Sessions collection here; used only when the service root has no `Links.Sessions`. */
const STANDARD_SESSIONS_PATH = '/redfish/v1/SessionService/Sessions';

/**
 * Basic or session authentication (DSP0266 §13.3), chosen like Ironic's `redfish_auth_type`: `session`,
 * `basic`, or `auto` = session first and basic when the BMC cannot create sessions. Bad credentials are final
 * in every mode: a 401 from the Sessions collection is not a reason to try basic (redfish.md §2.5).
 */
export class RedfishAuthenticator {
  private token: string | undefined;
  private sessionPath: string | undefined;
  private mode: RedfishAuthType | 'none';
  private login: Promise<void> | undefined;

  constructor(private readonly info: RedfishDriverInfo, private readonly send: Send) {
    this.mode = info.username === undefined && info.password === undefined ? 'none' : info.authType;
  }

  /** Headers proving who we are; nothing before the session exists. */
  headers(): Record<string, string> {
    if (this.token !== undefined) return { 'X-Auth-Token': this.token };
    if (this.mode === 'basic') {
      const pair = `${this.info.username ?? ''}:${this.info.password ?? ''}`;
      return { Authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
    }
    return {};
  }

  /** Creates the session if the mode needs one and none exists; concurrent callers share one login. */
  async prepare(ctx: RequestContext): Promise<void> {
    if (this.token !== undefined || (this.mode !== 'session' && this.mode !== 'auto')) return;
    this.login ??= this.createSession(ctx).finally(() => { this.login = undefined; });
    await this.login;
  }

  /** After a 401/403: drops an expired session and logs in again. False when nothing can be renewed (basic). */
  async renew(ctx: RequestContext): Promise<boolean> {
    if (this.token === undefined) return false;
    this.token = undefined;
    this.sessionPath = undefined;
    await this.prepare(ctx);
    return this.hasSession();
  }

  private hasSession(): boolean {
    return this.token !== undefined;
  }

  /** Deletes the session, bounded by `timeoutMs`; a BMC that is gone cannot stop a shutdown. */
  async logout(send: Send, timeoutMs: number): Promise<void> {
    const path = this.sessionPath;
    if (path === undefined) return;
    this.sessionPath = undefined;
    try {
      await send('DELETE', path, {}, { signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      // The session expires on the BMC by itself (SessionService.SessionTimeout).
    } finally {
      this.token = undefined;
    }
  }

  private async createSession(ctx: RequestContext): Promise<void> {
    const sessions = await this.sessionsPath(ctx);
    try {
      const response = await this.send('POST', sessions, {
        authenticate: false, body: { UserName: this.info.username ?? '', Password: this.info.password ?? '' },
      }, ctx);
      const token = response.headers['x-auth-token'];
      if (token === undefined || token === '') {
        throw redfishError(RedfishErrorCode.InvalidResponse, `BMC ${this.info.origin} created a session without an X-Auth-Token header.`);
      }
      this.token = token;
      this.sessionPath = response.headers['location'] ?? linkSelf(response.body);
      this.mode = 'session';
    } catch (error) {
      if (hasHttpStatus(error, 401, 403)) {
        throw redfishError(RedfishErrorCode.CredentialsRejected, `BMC ${this.info.origin} rejected the credentials of user "${this.info.username ?? ''}" when creating a session; check redfish_username and redfish_password.`, error);
      }
      if (this.mode !== 'auto' || httpFailureOf(error) === undefined) throw error;
      // auto: this BMC cannot do sessions (no SessionService, 404/405/500); basic is the fallback (Ironic auth_type).
      ctx.log?.warn({ bmc: this.info.origin }, 'redfish session creation failed; falling back to basic authentication');
      this.mode = 'basic';
    }
  }

  /** `Links.Sessions` of the service root, which is readable without credentials (DSP0266 §13.3.1). */
  private async sessionsPath(ctx: RequestContext): Promise<string> {
    try {
      const root = await this.send('GET', '/redfish/v1/', { authenticate: false }, ctx);
      return linkAt(objectAt(root.body, 'Links'), 'Sessions') ?? STANDARD_SESSIONS_PATH;
    } catch (error) {
      if (hasHttpStatus(error, 401, 403, 404)) return STANDARD_SESSIONS_PATH;
      throw error;
    }
  }
}

function linkSelf(body: RedfishResponse['body']): string | undefined {
  const id = body?.['@odata.id'];
  return typeof id === 'string' ? id : undefined;
}
