import { decodeDagCbor } from '../../ipld/cid';
import { ExitCode } from '../../kernel/codes';

/**
 * The revert data in a receipt of a reverted EVM invocation (exit 33): the EVM actor returns it as a
 * CBOR byte string (spec 10.1). Undefined for other exit codes; data that is not a CBOR byte string is
 * returned as it is. Decode it with `decodeRevert` (evm/revert.ts).
 */
export function revertDataOf(receipt: { exitCode: number; returnData: Uint8Array }): Uint8Array | undefined {
  if (receipt.exitCode !== ExitCode.EVM_CONTRACT_REVERTED) return undefined;
  const data = receipt.returnData;
  if (data.length === 0) return data;
  try {
    const decoded = decodeDagCbor<unknown>(data);
    if (decoded instanceof Uint8Array) return decoded;
  } catch {
    // not CBOR: the bytes as they are
  }
  return data;
}
