/**
 * The per-step columns of a step trace, in 64 Ki-step chunks. Recording writes one row with a single
 * chunk-boundary check into the current chunk's typed arrays (kept in fields), which is what makes
 * tracing affordable; reading looks the chunk up by index.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** Marks "no value" in the pushed-word column. */
export const NO_WORD = 0xffffffff;

interface Chunk {
  pc: Uint32Array;
  op: Uint8Array;
  frame: Uint32Array;
  gasBefore: Float64Array;
  gasAfter: Float64Array;
  memorySize: Uint32Array;
  stackDepth: Uint16Array;
  /** Handle of the word the step pushed in the trace's word pool, or NO_WORD. */
  pushed: Uint32Array;
  /** The previous step of the same frame, -1 for a frame's first step. */
  previousInFrame: Int32Array;
}

const newChunk = (): Chunk => ({
  pc: new Uint32Array(CHUNK),
  op: new Uint8Array(CHUNK),
  frame: new Uint32Array(CHUNK),
  gasBefore: new Float64Array(CHUNK),
  gasAfter: new Float64Array(CHUNK),
  memorySize: new Uint32Array(CHUNK),
  stackDepth: new Uint16Array(CHUNK),
  pushed: new Uint32Array(CHUNK),
  previousInFrame: new Int32Array(CHUNK),
});

/** Bytes per step across the columns above. */
const BYTES_PER_STEP = 4 + 1 + 4 + 8 + 8 + 4 + 2 + 4 + 4;

export class StepRows {
  private readonly chunks: Chunk[] = [];
  private current: Chunk = newChunk();
  length = 0;

  /** Appends a step and returns its index. */
  append(
    pc: number,
    op: number,
    frame: number,
    gas: number,
    memorySize: number,
    stackDepth: number,
    previousInFrame: number,
  ): number {
    const index = this.length;
    const at = index & MASK;
    if (at === 0) {
      this.current = index === 0 && this.chunks.length === 0 ? this.current : newChunk();
      this.chunks.push(this.current);
    }
    const c = this.current;
    c.pc[at] = pc;
    c.op[at] = op;
    c.frame[at] = frame;
    c.gasBefore[at] = gas;
    c.gasAfter[at] = gas;
    c.memorySize[at] = memorySize;
    c.stackDepth[at] = stackDepth;
    c.pushed[at] = NO_WORD;
    c.previousInFrame[at] = previousInFrame;
    this.length = index + 1;
    return index;
  }

  /** The chunk holding step `index` (the current one in the common case). */
  private chunkOf(index: number): Chunk {
    return this.chunks[index >>> CHUNK_BITS]!;
  }

  setGasAfter(index: number, gas: number): void {
    this.chunkOf(index).gasAfter[index & MASK] = gas;
  }

  setPushed(index: number, handle: number): void {
    this.chunkOf(index).pushed[index & MASK] = handle;
  }

  pc(index: number): number {
    return this.chunkOf(index).pc[index & MASK]!;
  }
  op(index: number): number {
    return this.chunkOf(index).op[index & MASK]!;
  }
  frame(index: number): number {
    return this.chunkOf(index).frame[index & MASK]!;
  }
  gasBefore(index: number): number {
    return this.chunkOf(index).gasBefore[index & MASK]!;
  }
  gasAfter(index: number): number {
    return this.chunkOf(index).gasAfter[index & MASK]!;
  }
  memorySize(index: number): number {
    return this.chunkOf(index).memorySize[index & MASK]!;
  }
  stackDepth(index: number): number {
    return this.chunkOf(index).stackDepth[index & MASK]!;
  }
  pushed(index: number): number {
    return this.chunkOf(index).pushed[index & MASK]!;
  }
  previousInFrame(index: number): number {
    return this.chunkOf(index).previousInFrame[index & MASK]!;
  }

  byteSize(): number {
    return this.chunks.length * CHUNK * BYTES_PER_STEP;
  }
}
