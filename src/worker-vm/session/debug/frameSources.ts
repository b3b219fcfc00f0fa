import type { SourceRange } from '../../../compiler/types';
import { EvmMethod } from '../../actors/evm/methods';
import { Op } from '../../evm';
import type { ArtifactRegistry, RegisteredArtifact } from '../artifacts/artifactRegistry';
import {
  type CodeSourceMap,
  fileOfLineKey,
  LINE_KEY_FILE,
  lineOfLineKey,
  NO_LINE,
} from '../source/codeSourceMap';
import type { StepColumns } from '../trace/stepColumns';
import type { Timeline } from './timeline';

/** A source file some frame of the message maps into, numbered for this message. */
export interface DebugFile {
  readonly index: number;
  readonly path: string;
  readonly compilationId: number;
  readonly fileId: number;
  readonly content: string;
}

/** A frame's code and source map, with the compilation's file numbers turned into the message's. */
export class FrameSource {
  private readonly remap: Int32Array;

  constructor(
    readonly artifact: RegisteredArtifact | undefined,
    readonly kind: 'creation' | 'runtime' | undefined,
    readonly map: CodeSourceMap | undefined,
    files: DebugFiles,
  ) {
    const ids = artifact ? [...artifact.sources.ids()] : [];
    this.remap = new Int32Array(Math.max(0, ...ids) + 1).fill(-1);
    if (artifact) for (const id of ids) this.remap[id] = files.indexOf(artifact, id);
  }

  /** The step's line as a message-level line key (file index × LINE_KEY_FILE + line), or NO_LINE. */
  lineKeyAt(pc: number): number {
    if (!this.map) return NO_LINE;
    const key = this.map.lineKeyAt(pc);
    if (key === NO_LINE) return NO_LINE;
    const file = this.remap[fileOfLineKey(key)] ?? -1;
    return file < 0 ? NO_LINE : file * LINE_KEY_FILE + lineOfLineKey(key);
  }

  locationAt(pc: number): { file: number; range: SourceRange } | undefined {
    const location = this.map?.locationAt(pc);
    if (!location) return undefined;
    const file = this.remap[location.fileId] ?? -1;
    return file < 0 ? undefined : { file, range: location.range };
  }

  jumpAt(pc: number) {
    return this.map ? this.map.jumpAt(pc) : '-';
  }
}

/** The message's file table: one entry per (compilation, source) that any frame maps into. */
export class DebugFiles {
  readonly list: DebugFile[] = [];
  private readonly byKey = new Map<string, number>();

  indexOf(artifact: RegisteredArtifact, fileId: number): number {
    const key = `${artifact.compilationId}:${fileId}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      const source = artifact.sources.get(fileId);
      if (!source) return -1;
      index = this.list.length;
      this.list.push({
        index,
        path: source.path,
        compilationId: artifact.compilationId,
        fileId,
        content: source.content,
      });
      this.byKey.set(key, index);
    }
    return index;
  }
}

/**
 * Finds each frame's artifact by the code it ran (the step trace keeps it): Constructor and Resurrect run
 * initcode (creation code + constructor arguments), every other method runs deployed code, which for
 * InvokeContractDelegate is another contract's.
 */
export function frameSources(
  timeline: Timeline,
  registry: ArtifactRegistry,
  files: DebugFiles,
): FrameSource[] {
  return timeline.frames.map((frame) => {
    const node = timeline.tree.nodes[frame.nodeId]!;
    const code = timeline.traces[frame.traceId]!.getFrame(0).code;
    const kind =
      node.method === EvmMethod.Constructor || node.method === EvmMethod.Resurrect ? 'creation' : 'runtime';
    const artifact = kind === 'creation' ? registry.matchCreation(code) : registry.matchRuntime(code);
    return new FrameSource(artifact, kind, artifact?.sourceMap(kind), files);
  });
}

/**
 * Internal-function depth at each step of a trace, from the source map's jump markers: a JUMP marked
 * `i` enters a Solidity function (the steps after it are one deeper), one marked `o` returns from it.
 * Step over/out use it so they skip whole internal calls, as a Solidity debugger should.
 */
export function functionDepths(columns: StepColumns, source: FrameSource): Uint16Array {
  const depths = new Uint16Array(columns.stepCount);
  if (!source.map) return depths;
  let depth = 0;
  for (let step = 0; step < columns.stepCount; step++) {
    depths[step] = depth;
    if (columns.op(step) !== Op.JUMP) continue;
    const jump = source.jumpAt(columns.pc(step));
    if (jump === 'i') depth = Math.min(depth + 1, 0xffff);
    else if (jump === 'o' && depth > 0) depth--;
  }
  return depths;
}
