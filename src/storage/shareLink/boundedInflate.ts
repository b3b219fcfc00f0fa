import { Inflate } from 'fflate';
import { malformed, PlaygroundError, tooLarge } from '../../worker-vm/errors';

/**
 * Compressed bytes are fed to the inflater this many at a time. DEFLATE expands at most ~1032:1, so one
 * step produces at most ~264 KiB: the output is checked against the cap after every step, and a
 * decompression bomb is stopped within one step of the cap instead of being inflated whole.
 */
const STEP = 256;

/**
 * Inflates raw DEFLATE data, refusing (TooLarge) as soon as the output would exceed `maxBytes`, and
 * turning a truncated or corrupt stream into MalformedData. `where` names the input in errors.
 */
export function inflateRawBounded(data: Uint8Array, maxBytes: number, where: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(`expands to more than ${maxBytes} bytes`, where);
    chunks.push(chunk);
  });
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let offset = 0; offset < data.length; offset += STEP) {
      const end = Math.min(offset + STEP, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if (error instanceof PlaygroundError) throw error;
    throw malformed(`is damaged (${error instanceof Error ? error.message : String(error)})`, where);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
