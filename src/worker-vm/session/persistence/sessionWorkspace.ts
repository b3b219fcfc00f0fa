import { tryAcquireWriter } from '../../../storage/tabs/writerLock';
import { invalidInput } from '../../errors';
import type { CompilationInput } from '../artifacts/artifactRegistry';
import type { ContractEntry, PlaygroundSession, SessionState } from '../session';
import {
  browserPersistenceEnv,
  type ChainInfo,
  type OpenedWorkspace,
  type PersistenceEnv,
  SessionPersistence,
  type TraceOrigin,
  type WorkspaceStatus,
} from './sessionPersistence';

export type { PersistenceEnv };

/**
 * The session's workspace operations (the bodies of PlaygroundSession's workspace methods): open and
 * close a workspace, time travel, follow or take over from another tab, and what the UI shows about it.
 */

function open(session: PlaygroundSession): SessionPersistence {
  if (!session.persistence) throw invalidInput('no workspace is open', 'workspace');
  return session.persistence;
}

export interface OpenedSession extends OpenedWorkspace {
  readonly state: SessionState;
}

/** Opens a workspace's chain and records in this session (closing the one open before). */
export async function openWorkspace(session: PlaygroundSession, id: string): Promise<OpenedSession> {
  await closeWorkspace(session);
  const { persistence, problems } = await SessionPersistence.open(
    id,
    session,
    session.storageEnv ?? browserPersistenceEnv(),
  );
  session.persistence = persistence;
  return { status: persistence.status(), recovery: problems, state: session.state() };
}

export async function closeWorkspace(session: PlaygroundSession): Promise<void> {
  const persistence = session.persistence;
  session.persistence = undefined;
  await persistence?.close();
}

export function workspaceStatus(session: PlaygroundSession): WorkspaceStatus | null {
  return session.persistence?.status() ?? null;
}

/** The status after the saves under way settle; null without an open workspace. */
export async function settledStatus(session: PlaygroundSession): Promise<WorkspaceStatus | null> {
  return (await session.persistence?.settledStatus()) ?? null;
}

export function chainInfo(session: PlaygroundSession): ChainInfo | null {
  return session.persistence?.chainInfo() ?? null;
}

export async function restoreTo(session: PlaygroundSession, at: number): Promise<SessionState> {
  await open(session).restoreTo(at);
  return session.state();
}

export async function advanceEpochs(session: PlaygroundSession, count: number): Promise<SessionState> {
  await open(session).advanceEpochs(count);
  return session.state();
}

export function traceOrigin(session: PlaygroundSession, index: number): TraceOrigin {
  return session.persistence?.traceOrigin(index) ?? { origin: 'applied', mismatch: null };
}

/** A read-only tab catches up with the writer (on its notices). */
export async function followWriter(
  session: PlaygroundSession,
): Promise<{ changed: boolean; state: SessionState }> {
  const changed = (await session.persistence?.follow(session)) ?? false;
  return { changed, state: session.state() };
}

/** Resolves true when the writing tab has gone and this tab may take over. */
export function awaitWriter(session: PlaygroundSession): Promise<boolean> {
  return open(session).awaitWriter();
}

/** A read-only tab becomes the writer: reopens the workspace with the lease (checked, repaired). */
export async function takeOver(session: PlaygroundSession): Promise<OpenedSession> {
  const current = open(session);
  if (!current.readOnly) return { status: current.status(), recovery: [], state: session.state() };
  const lease = current.takeLease() ?? (await tryAcquireWriter(current.id, session.storageEnv?.tabs));
  if (!lease) throw invalidInput('another tab still writes this workspace', 'workspace');
  session.persistence = undefined;
  await current.close();
  const { persistence, problems } = await SessionPersistence.open(
    current.id,
    session,
    session.storageEnv ?? browserPersistenceEnv(),
    lease,
  );
  session.persistence = persistence;
  return { status: persistence.status(), recovery: problems, state: session.state() };
}

export async function retrySave(session: PlaygroundSession): Promise<WorkspaceStatus> {
  const persistence = open(session);
  await persistence.retry(session);
  return persistence.status();
}

/** A compile the UI registered: kept for the session record, and it may name contracts that had none. */
export function compilationRegistered(
  session: PlaygroundSession,
  compilationId: number,
  input: CompilationInput,
): void {
  if (!session.persistence) return;
  session.persistence.compilations.note(compilationId, input);
  session.persistence.relink(session);
}

/**
 * The contracts of the current state: after time travel, a contract deployed on another branch is not
 * listed (its actor ID may even belong to another contract here).
 */
export function contractsInState(session: PlaygroundSession): ContractEntry[] {
  if (!session.persistence) return session.contracts;
  const onPath = new Set(session.persistence.chainInfo().onPath);
  return session.contracts.filter((entry) =>
    entry.createdBy === null ? session.machine.actor(entry.id) !== undefined : onPath.has(entry.createdBy),
  );
}
