import { type Remote, wrap } from 'comlink';
import { SESSION_METHODS, type VmApi, type VmSession } from './api';
import type { ApiError, ApiResult } from './session/sessionErrors';

/** The UI's handle on the VM worker; the worker starts on first use. */
let vm: Remote<VmApi> | undefined;

export function vmClient(): Remote<VmApi> {
  vm ??= wrap<VmApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'fvm' }));
  return vm;
}

/** A refusal from the VM session: its kind, the field it is at, and every field's problem for forms. */
export class VmError extends Error {
  readonly kind: ApiError['kind'];
  readonly where: string | undefined;
  readonly fields: NonNullable<ApiError['fields']>;

  constructor(error: ApiError) {
    super(error.where ? `${error.where}: ${error.message}` : error.message);
    this.name = 'VmError';
    this.kind = error.kind;
    this.where = error.where;
    this.fields = error.fields ?? [];
  }
}

function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw new VmError(result.error);
}

let session: VmSession | undefined;

/** The session operations with results unwrapped: a refusal throws a VmError. */
export function vmSession(): VmSession {
  session ??= Object.fromEntries(
    SESSION_METHODS.map((name) => [
      name,
      async (...args: unknown[]) =>
        unwrap(await (vmClient()[name] as (...a: unknown[]) => Promise<ApiResult<unknown>>)(...args)),
    ]),
  ) as VmSession;
  return session;
}
