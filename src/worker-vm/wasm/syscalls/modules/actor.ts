import { PAYLOAD_HASH_LENGTH } from '../../../address/address';
import { ErrorNumber } from '../../../kernel/codes';
import { SyscallError } from '../../../kernel/errors';
import { actorIdArg, u64, writeTokenAmount } from '../abi';
import { emptyCall, type SyscallContext, valueCall, writeU32Result, writeU64Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** An f2 address: protocol byte + 20-byte hash. */
const ACTOR_ADDRESS_LENGTH = PAYLOAD_HASH_LENGTH + 1;

/** Module `actor` (spec 2.4): addresses, code CIDs, balances, actor creation. */
export function actorImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    resolve_address: valueCall(
      ctx,
      RESULT_SIZE.u64,
      writeU64Result,
      (addressOffset: number, addressLength: number) =>
        kernel.resolveAddress(memory.readAddress(addressOffset, addressLength)),
    ),

    /** Returns the f4 address's length, or 0 when the actor has none. */
    lookup_delegated_address: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (actorId: bigint, bufferOffset: number, bufferLength: number) => {
        const out = memory.slice(bufferOffset, bufferLength);
        const address = kernel.lookupDelegatedAddress(actorIdArg(actorId));
        if (!address) return 0;
        if (address.bytes.length > out.length) {
          throw new SyscallError(ErrorNumber.BufferTooSmall, 'the address does not fit in the output buffer');
        }
        out.set(address.bytes);
        return address.bytes.length;
      },
    ),

    get_actor_code_cid: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (actorId: bigint, bufferOffset: number, bufferLength: number) => {
        memory.checkBounds(bufferOffset, bufferLength);
        return memory.writeCid(kernel.getActorCodeCid(actorIdArg(actorId)), bufferOffset, bufferLength);
      },
    ),

    /** The buffer must hold an f2 address (21 bytes) before an address is derived. */
    next_actor_address: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (bufferOffset: number, bufferLength: number) => {
        memory.checkBounds(bufferOffset, bufferLength);
        if (bufferLength >>> 0 < ACTOR_ADDRESS_LENGTH) {
          throw new SyscallError(
            ErrorNumber.BufferTooSmall,
            `output buffer must have a minimum capacity of ${ACTOR_ADDRESS_LENGTH} bytes`,
          );
        }
        const address = kernel.nextActorAddress();
        memory.slice(bufferOffset, bufferLength).set(address.bytes);
        return address.bytes.length;
      },
    ),

    create_actor: emptyCall(
      ctx,
      (actorId: bigint, codeOffset: number, delegatedOffset: number, delegatedLength: number) => {
        const code = memory.readCid(codeOffset);
        const delegated =
          delegatedLength >>> 0 === 0 ? null : memory.readAddress(delegatedOffset, delegatedLength);
        const id = u64(actorId);
        if (id > BigInt(Number.MAX_SAFE_INTEGER)) {
          throw new SyscallError(
            ErrorNumber.IllegalArgument,
            `actor ID ${id} is beyond what the playground supports`,
          );
        }
        kernel.createActor(Number(id), code, delegated);
      },
    ),

    get_builtin_actor_type: valueCall(ctx, RESULT_SIZE.u32, writeU32Result, (cidOffset: number) =>
      kernel.getBuiltinActorType(memory.readCid(cidOffset)),
    ),

    get_code_cid_for_type: valueCall(
      ctx,
      RESULT_SIZE.u32,
      writeU32Result,
      (type: number, bufferOffset: number, bufferLength: number) => {
        memory.checkBounds(bufferOffset, bufferLength);
        return memory.writeCid(kernel.getCodeCidForType(type), bufferOffset, bufferLength);
      },
    ),

    balance_of: valueCall(ctx, RESULT_SIZE.tokenAmount, writeTokenAmount, (actorId: bigint) =>
      kernel.balanceOf(actorIdArg(actorId)),
    ),
  };
}
