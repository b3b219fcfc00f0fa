import type { EvmFrame } from '../../evm';
import { PRICES } from '../../gas/priceList';
import { EstimatedMeter } from '../../kernel/meter';

/**
 * The EVM actor's meter: the actor's own estimated work (as for any native actor) plus the interpreter's
 * budget. While a frame runs, its `gasLeft` (milligas) plays the role of the Wasm gas global: at each
 * syscall the kernel drains what the interpreter spent since the last sync, and after it the kernel's
 * remaining gas becomes the frame's budget again; a frame that overspends stops with OutOfGas.
 */
export class InterpreterMeter extends EstimatedMeter {
  private frame: EvmFrame | undefined;
  private lastSet = 0;
  private grownBytes = 0;

  attach(frame: EvmFrame, available: number): void {
    this.frame = frame;
    frame.gasLeft = available;
    this.lastSet = available;
  }

  /** Folds what the frame spent into the pending estimate and stops tracking it. */
  detach(): void {
    if (!this.frame) return;
    this.pending += this.lastSet - this.frame.gasLeft;
    this.frame = undefined;
  }

  /** Interpreter memory growth: the real interpreter grows its Wasm memory at 0.4 gas per byte. */
  memoryGrown(frame: EvmFrame, bytes: number): void {
    frame.gasLeft -= bytes * PRICES.wasmMemoryPerByte;
    this.grownBytes += bytes;
  }

  override drain(): { execMilligas: number; memoryGrowBytes: number } {
    if (this.frame) {
      this.pending += this.lastSet - this.frame.gasLeft;
      this.lastSet = this.frame.gasLeft;
    }
    const memoryGrowBytes = this.grownBytes;
    this.grownBytes = 0;
    return { execMilligas: super.drain().execMilligas, memoryGrowBytes };
  }

  override setAvailable(milligas: number): void {
    if (!this.frame) return;
    this.frame.gasLeft = milligas;
    this.lastSet = milligas;
  }
}
