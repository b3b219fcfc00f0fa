import { ErrorNumber } from '../../../kernel/codes';
import { SyscallError } from '../../../kernel/errors';
import { codeArg } from '../abi';
import type { ActorMemory } from '../actorMemory';
import {
  emptyCall,
  type SyscallContext,
  valueCall,
  writeBytesResult,
  writeI32Result,
  writeU32Result,
} from '../framing';
import { RESULT_SIZE } from '../signatures';

const BLS_SIGNATURE_LENGTH = 96;
const BLS_PUBLIC_KEY_LENGTH = 48;
const SECP_SIGNATURE_LENGTH = 65;
const HASH_LENGTH = 32;

/**
 * What the proof syscalls answer: the playground has no proof parameters, so they cannot verify
 * anything (docs/wasm-actors.md). IllegalOperation says "not possible here" without blaming the input.
 */
export const PROOFS_UNAVAILABLE = ErrorNumber.IllegalOperation;

const proofsUnavailable = (what: string) =>
  new SyscallError(PROOFS_UNAVAILABLE, `${what} is not available in the playground (no proof parameters)`);

/** Module `crypto` (spec 2.4): signatures, hashing, and the Filecoin proof calls. */
export function cryptoImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  /** The proof calls check their buffers like the real ones, then decline. */
  const proof = (what: string, ...ranges: Array<[number, number]>) => {
    for (const [offset, length] of ranges) memory.checkBounds(offset, length);
    throw proofsUnavailable(what);
  };
  return {
    /** 0 when the signature is valid, -1 when not. */
    verify_signature: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeI32Result,
      (
        type: number,
        signatureOffset: number,
        signatureLength: number,
        signerOffset: number,
        signerLength: number,
        plaintextOffset: number,
        plaintextLength: number,
      ) => {
        const signature = memory.copy(signatureOffset, signatureLength);
        const signer = memory.readAddress(signerOffset, signerLength);
        const plaintext = memory.slice(plaintextOffset, plaintextLength);
        return kernel.verifySignature(type >>> 0, signature, signer, plaintext) ? 0 : -1;
      },
    ),

    /** 0 when the aggregate verifies, -1 when not. */
    verify_bls_aggregate: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeI32Result,
      (
        signers: number,
        signatureOffset: number,
        publicKeysOffset: number,
        plaintextsOffset: number,
        lengthsOffset: number,
      ) => {
        const count = signers >>> 0;
        const signature = memory.copy(signatureOffset, BLS_SIGNATURE_LENGTH);
        const keyBytes = rangeOf(memory, publicKeysOffset, count * BLS_PUBLIC_KEY_LENGTH);
        const lengths = rangeOf(memory, lengthsOffset, count * 4);
        const lengthView = new DataView(lengths.buffer, lengths.byteOffset, lengths.byteLength);
        let total = 0;
        for (let i = 0; i < count; i++) total += lengthView.getUint32(i * 4, true);
        const texts = rangeOf(memory, plaintextsOffset, total);
        const publicKeys: Uint8Array[] = [];
        const plaintexts: Uint8Array[] = [];
        let at = 0;
        for (let i = 0; i < count; i++) {
          publicKeys.push(keyBytes.slice(i * BLS_PUBLIC_KEY_LENGTH, (i + 1) * BLS_PUBLIC_KEY_LENGTH));
          const length = lengthView.getUint32(i * 4, true);
          plaintexts.push(texts.slice(at, at + length));
          at += length;
        }
        return kernel.verifyBlsAggregate(signature, publicKeys, plaintexts) ? 0 : -1;
      },
    ),

    recover_secp_public_key: valueCall(
      ctx,
      RESULT_SIZE.secpPublicKey,
      writeBytesResult,
      (hashOffset: number, signatureOffset: number) =>
        kernel.recoverSecpPublicKey(
          memory.copy(hashOffset, HASH_LENGTH),
          memory.copy(signatureOffset, SECP_SIGNATURE_LENGTH),
        ),
    ),

    /**
     * Hashes `(data_off, data_len)` and writes at most `digest_len` bytes of the digest (input and output
     * may overlap); returns the number written. The digest buffer is checked before hashing.
     */
    hash: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (code: bigint, dataOffset: number, dataLength: number, digestOffset: number, digestLength: number) => {
        memory.checkBounds(digestOffset, digestLength);
        const digest = kernel.hash(codeArg(code), memory.slice(dataOffset, dataLength));
        const out = memory.slice(digestOffset, digestLength);
        const written = Math.min(out.length, digest.length);
        out.set(digest.subarray(0, written));
        return written;
      },
    ),

    compute_unsealed_sector_cid: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (_proof: bigint, piecesOffset: number, piecesLength: number, cidOffset: number, cidLength: number) =>
        proof('computing an unsealed sector CID', [piecesOffset, piecesLength], [cidOffset, cidLength]),
    ),
    verify_post: valueCall(ctx, RESULT_SIZE.u32, writeI32Result, (offset: number, length: number) =>
      proof('PoSt verification', [offset, length]),
    ),
    verify_consensus_fault: valueCall(
      ctx,
      RESULT_SIZE.verifyConsensusFault,
      () => {},
      (h1: number, l1: number, h2: number, l2: number, extra: number, extraLength: number) =>
        proof('consensus fault verification', [h1, l1], [h2, l2], [extra, extraLength]),
    ),
    verify_aggregate_seals: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeI32Result,
      (offset: number, length: number) => proof('aggregate seal verification', [offset, length]),
    ),
    verify_replica_update: valueCall(ctx, RESULT_SIZE.u32, writeI32Result, (offset: number, length: number) =>
      proof('replica update verification', [offset, length]),
    ),
    batch_verify_seals: emptyCall(ctx, (offset: number, length: number, _results: number) =>
      proof('seal verification', [offset, length]),
    ),
  };
}

/** `(offset, length)` with length computed in float arithmetic (exact below 2^53): IllegalArgument when out of memory. */
function rangeOf(memory: ActorMemory, offset: number, length: number): Uint8Array {
  const off = offset >>> 0;
  if (off + length > memory.byteLength) {
    throw new SyscallError(ErrorNumber.IllegalArgument, `buffer ${off} (length ${length}) out of bounds`);
  }
  return memory.bytes().subarray(off, off + length);
}
