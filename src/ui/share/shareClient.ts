import { SHARE_METHODS, type ShareMethods } from '../../worker-vm/api';
import { VmError, vmClient } from '../../worker-vm/client';
import type { ApiResult } from '../../worker-vm/session/sessionErrors';

/** The worker's share, export and import methods, with refusals thrown again as `VmError`. */
export type ShareService = {
  [K in keyof ShareMethods]: (...args: Parameters<ShareMethods[K]>) => Promise<ReturnType<ShareMethods[K]>>;
};

let service: ShareService | undefined;

export function shareService(): ShareService {
  service ??= Object.fromEntries(
    SHARE_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => {
        const result = await (vmClient()[name] as (...a: unknown[]) => Promise<ApiResult<unknown>>)(...args);
        if (result.ok) return result.value;
        throw new VmError(result.error);
      },
    ]),
  ) as ShareService;
  return service;
}
