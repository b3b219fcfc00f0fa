import type { ChainHead } from '../chain/records';
import { browserTabEnvironment, type ChannelFactory, type ChannelLike } from './writerLock';

/**
 * What the writing tab tells the others about a workspace, after each save: the new head (followers call
 * ChainStore.refresh) or which workspace records changed (followers reload them). Notices carry no data
 * to trust: a follower reads the database, which is the truth; a notice only says when to look.
 */
export type WorkspaceNotice =
  | {
      readonly kind: 'head';
      readonly root: string;
      readonly epoch: string;
      readonly messages: number;
      readonly at: number;
    }
  | { readonly kind: 'workspace'; readonly records: readonly string[] }
  | { readonly kind: 'deleted' };

export class WorkspaceChannel {
  private readonly channel: ChannelLike | undefined;
  private readonly listeners = new Set<(notice: WorkspaceNotice) => void>();

  /** Without BroadcastChannel (a single context) notices go nowhere and none arrive. */
  constructor(
    readonly workspaceId: string,
    open: ChannelFactory | undefined = browserTabEnvironment().channel,
  ) {
    this.channel = open?.(`fvm-playground/workspace/${workspaceId}/notices`);
    if (this.channel) {
      this.channel.onmessage = (event) => {
        const notice = parseNotice(event.data);
        if (notice) for (const listener of this.listeners) listener(notice);
      };
    }
  }

  headSaved(head: ChainHead): void {
    this.post({
      kind: 'head',
      root: head.root.toString(),
      epoch: head.epoch.toString(),
      messages: head.messages,
      at: head.at,
    });
  }

  recordsSaved(records: readonly string[]): void {
    this.post({ kind: 'workspace', records });
  }

  deleted(): void {
    this.post({ kind: 'deleted' });
  }

  /** Calls `listener` for each notice from another tab; returns the function that stops it. */
  listen(listener: (notice: WorkspaceNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.channel?.close();
  }

  private post(notice: WorkspaceNotice): void {
    this.channel?.postMessage(notice);
  }
}

/** Checks a message from another tab (any page of the origin can post on the channel). */
export function parseNotice(data: unknown): WorkspaceNotice | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d.kind === 'deleted') return { kind: 'deleted' };
  if (d.kind === 'workspace') {
    if (
      !Array.isArray(d.records) ||
      d.records.length > 1000 ||
      !d.records.every((r) => typeof r === 'string')
    )
      return undefined;
    return { kind: 'workspace', records: d.records as string[] };
  }
  if (d.kind === 'head') {
    const int = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
    if (typeof d.root !== 'string' || d.root.length > 200) return undefined;
    if (typeof d.epoch !== 'string' || !/^\d{1,20}$/.test(d.epoch)) return undefined;
    if (!int(d.messages, 0) || !int(d.at, -1)) return undefined;
    return { kind: 'head', root: d.root, epoch: d.epoch, messages: d.messages as number, at: d.at as number };
  }
  return undefined;
}
