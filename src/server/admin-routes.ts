/**
 * The admin API (guarded by `admin_key`) and the usage API. Admin: create, list, read, update and revoke
 * virtual keys; spend and remaining budget per key, project or session. Usage: any virtual key may ask
 * how much it has left (`GET /v1/usage`), so an agent can pace itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.js';
import { openAIDialect } from '../dialects/openai/dialect.js';
import { sessionScope, toLimit, type BudgetSpec } from '../gateway/budget-guard.js';
import type { Gateway, RequestContext } from '../gateway/gateway.js';
import { sendError } from '../gateway/respond.js';
import { KeyValidationError } from '../keys/validate.js';
import type { KeyInput, KeyPatch, KeyStore, VirtualKey } from '../keys/types.js';
import { parseTimeBound } from '../ledger/since.js';
import type { BudgetLimit } from '../budgets/index.js';
import { credentialOf, isAdminSecret } from './auth.js';
import { authorize, type RouteHandler } from './app.js';
import { parseJson, readBody } from './read-body.js';

function json(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), 'x-switchyard-request-id': requestId });
  res.end(text);
}

/** 401 without a valid credential, 403 for a virtual key, through for the admin key. */
async function requireAdmin(gw: Gateway, req: IncomingMessage): Promise<void> {
  if (!gw.config.adminKey) throw new GatewayError('SY_ERR_FORBIDDEN', 'the admin API is disabled: set admin_key in the config', null);
  const secret = credentialOf(req);
  if (isAdminSecret(gw.config, secret)) return;
  const key = secret && gw.keys ? await gw.keys.verify(secret) : null;
  if (key) throw new GatewayError('SY_ERR_FORBIDDEN', 'this endpoint needs the admin key', null);
  throw new GatewayError('SY_ERR_UNAUTHORIZED', 'invalid or missing API key', null);
}

function store(gw: Gateway): KeyStore {
  if (!gw.keyStore) throw new GatewayError('SY_ERR_NOT_FOUND', 'no key store: the ledger is `none`', null);
  return gw.keyStore;
}

async function body(gw: Gateway, req: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed = parseJson(await readBody(req, gw.config.server.bodyLimitBytes, gw.config.server.clientTimeoutMs));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new GatewayError('SY_ERR_INVALID_REQUEST', 'request body must be a JSON object', null);
  return parsed as Record<string, unknown>;
}

function publicKey(k: VirtualKey): Record<string, unknown> {
  return { object: 'virtual_key', ...k };
}

interface BudgetRow {
  id: string;
  scope: string;
  unit: string;
  window: string;
  mode: string;
  limit: number;
  used: number;
  reserved: number;
  remaining: number;
  resets_at: string | null;
}

/** Current counters of each limit, USD limits converted back to dollars. */
async function budgetRows(gw: Gateway, budgets: ConfiguredLimit[]): Promise<BudgetRow[]> {
  if (budgets.length === 0) return [];
  const usage = await gw.guard.store.usage(budgets.map((b) => b.limit));
  return budgets.map(({ limit: l, mode }, i) => {
    const u = usage[i]!;
    const conv = (v: number) => (l.unit === 'usd' ? v / 1e12 : v);
    return {
      id: l.id,
      scope: l.scope,
      unit: l.unit,
      window: l.window,
      mode,
      limit: conv(l.limit),
      used: conv(u.used),
      reserved: conv(u.reserved),
      remaining: conv(u.remaining),
      resets_at: u.resetsAt === null ? null : new Date(u.resetsAt).toISOString(),
    };
  });
}

async function spendOf(gw: Gateway, by: 'key' | 'project' | 'session', id: string, since?: number, within: { keyId?: string; project?: string } = {}): Promise<Record<string, unknown>> {
  const report = await gw.ledger.report({ groupBy: by, ...(since !== undefined ? { since } : {}), ...within });
  const g = report.groups.find((row) => row.key === id);
  return g
    ? { requests: g.requests, errors: g.errors, cost_usd: g.cost_usd, baseline_cost_usd: g.baseline_cost_usd, savings_usd: g.savings_usd, tokens: g.tokens }
    : { requests: 0, errors: 0, cost_usd: 0, baseline_cost_usd: 0, savings_usd: 0, tokens: { input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 } };
}

/** A limit as the store counts it, with the mode as configured (the store knows `degrade` as `hard`). */
interface ConfiguredLimit {
  limit: BudgetLimit;
  mode: 'hard' | 'soft' | 'degrade';
}

function limitsOf(budgets: readonly BudgetSpec[] | undefined, scope: BudgetLimit['scope'], id: string): ConfiguredLimit[] {
  return (budgets ?? []).map((b) => ({ limit: toLimit(b, scope, id), mode: b.mode ?? 'hard' }));
}

/** A bad `since` is the caller's mistake: a 400 naming the parameter, not a 500. */
function sinceParam(text: string): number {
  try {
    return parseTimeBound(text);
  } catch (err) {
    throw new GatewayError('SY_ERR_INVALID_REQUEST', `since: ${(err as Error).message}`, 'since');
  }
}

async function usageReport(gw: Gateway, url: URL): Promise<Record<string, unknown>> {
  const sinceText = url.searchParams.get('since');
  const since = sinceText ? sinceParam(sinceText) : undefined;
  const keyId = url.searchParams.get('key');
  const project = url.searchParams.get('project');
  const session = url.searchParams.get('session');
  if (session) {
    // a session's budget belongs to the key that runs it (with admin_key set, every caller has one)
    if (!keyId) throw new GatewayError('SY_ERR_INVALID_REQUEST', 'a session belongs to the key that runs it: give key=ID (or key=admin) with session', 'key');
    if (keyId !== 'admin' && !(await store(gw).get(keyId))) throw new GatewayError('SY_ERR_NOT_FOUND', `no key "${keyId}"`, 'key');
    const budgets = await budgetRows(gw, limitsOf(gw.config.sessionBudgets, 'session', sessionScope(keyId, null, session)));
    return { scope: 'session', id: session, key: keyId, spend: await spendOf(gw, 'session', session, since, { keyId }), budgets };
  }
  if (keyId) {
    const key = await store(gw).get(keyId);
    if (!key) throw new GatewayError('SY_ERR_NOT_FOUND', `no key "${keyId}"`, 'key');
    return { scope: 'key', id: keyId, project: key.project, spend: await spendOf(gw, 'key', keyId, since), budgets: await budgetRows(gw, limitsOf(key.budgets, 'key', keyId)) };
  }
  if (project) {
    return { scope: 'project', id: project, spend: await spendOf(gw, 'project', project, since), budgets: await budgetRows(gw, limitsOf(gw.config.projects[project]?.budgets, 'project', project)) };
  }
  throw new GatewayError('SY_ERR_INVALID_REQUEST', 'give one of key, project or session as a query parameter', null);
}

async function admin(gw: Gateway, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, path: string): Promise<void> {
  await requireAdmin(gw, req);
  const url = new URL(req.url ?? '/', 'http://x');
  const method = req.method ?? 'GET';
  if (path === '/admin/keys') {
    if (method === 'POST') {
      const created = await store(gw).create((await body(gw, req)) as unknown as KeyInput);
      return json(res, 201, { ...publicKey(created.key), key: created.secret }, ctx.requestId);
    }
    if (method === 'GET') {
      const project = url.searchParams.get('project');
      const keys = await store(gw).list({ ...(project ? { project } : {}), includeRevoked: url.searchParams.get('include_revoked') === 'true' });
      return json(res, 200, { object: 'list', data: keys.map(publicKey) }, ctx.requestId);
    }
    throw new GatewayError('SY_ERR_METHOD_NOT_ALLOWED', 'use GET or POST', null);
  }
  const m = /^\/admin\/keys\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]!);
    let key: VirtualKey | null;
    if (method === 'GET') key = await store(gw).get(id);
    else if (method === 'PATCH') key = await store(gw).update(id, (await body(gw, req)) as KeyPatch);
    else if (method === 'DELETE') key = await store(gw).revoke(id);
    else throw new GatewayError('SY_ERR_METHOD_NOT_ALLOWED', 'use GET, PATCH or DELETE', null);
    if (!key) throw new GatewayError('SY_ERR_NOT_FOUND', `no key "${id}"`, null);
    return json(res, 200, publicKey(key), ctx.requestId);
  }
  if (path === '/admin/usage' && method === 'GET') return json(res, 200, await usageReport(gw, url), ctx.requestId);
  throw new GatewayError('SY_ERR_NOT_FOUND', `no admin route for ${method} ${path}`, null);
}

/** `GET /v1/usage`: the caller's own budgets (key, project, and the session named in the header). */
async function ownUsage(gw: Gateway, res: ServerResponse, ctx: RequestContext): Promise<void> {
  const p = ctx.principal;
  const limits = [
    ...(p.keyId ? limitsOf(p.keyBudgets, 'key', p.keyId) : []),
    ...limitsOf(p.project ? gw.config.projects[p.project]?.budgets : undefined, 'project', p.project ?? ''),
    ...(p.session ? limitsOf(gw.config.sessionBudgets, 'session', sessionScope(p.keyId, p.project, p.session)) : []),
  ];
  json(res, 200, { key: p.keyId, project: p.project, session: p.session, budgets: await budgetRows(gw, limits) }, ctx.requestId);
}

export const adminRoutes: RouteHandler = async (gw, req, res, ctx, path) => {
  if (path.startsWith('/admin/')) {
    try {
      await admin(gw, req, res, ctx, path);
    } catch (err) {
      const e = err instanceof KeyValidationError ? new GatewayError('SY_ERR_INVALID_REQUEST', err.message, null) : err;
      if (!res.headersSent) req.resume();
      sendError(res, openAIDialect, e, ctx.requestId);
    }
    return true;
  }
  if (path === '/v1/usage' && req.method === 'GET') {
    if (!(await authorize(gw, req, res, ctx, openAIDialect))) return true;
    try {
      await ownUsage(gw, res, ctx);
    } catch (err) {
      sendError(res, openAIDialect, err, ctx.requestId);
    }
    return true;
  }
  return false;
};
