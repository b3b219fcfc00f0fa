import type { ShareApi } from '../../api';
import type { PlaygroundSession } from '../session';
import { type ApiResult, toApiError } from '../sessionErrors';
import {
  createShareLink,
  exportWorkspace,
  importWorkspace,
  openShareLink,
  previewShareLink,
} from './shareService';

/** Like `asResult`, for work that may be asynchronous: a rejection is an error as data too. */
async function asAsyncResult<T>(work: () => T | Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

/** The worker's share, export and import methods over the current session (errors travel as data). */
export function shareApi(current: () => PlaygroundSession): ShareApi {
  return {
    createShareLink: (request) => asAsyncResult(() => createShareLink(current(), request)),
    previewShareLink: (fragment) => asAsyncResult(() => previewShareLink(fragment)),
    openShareLink: (request) => asAsyncResult(() => openShareLink(request)),
    exportWorkspace: (snapshot) => asAsyncResult(() => exportWorkspace(current(), snapshot)),
    importWorkspace: (bytes) => asAsyncResult(() => importWorkspace(bytes)),
  };
}
