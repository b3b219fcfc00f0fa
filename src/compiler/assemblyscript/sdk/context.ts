// What an invocation knows about its message and the chain (spec 2.3 MessageContext, NetworkContext). Each
// is read once per invocation (one syscall, 14,000 gas) and kept.
import { check } from "./errors";
import { network_context, SCRATCH, vm_message_context } from "./sys";
import { TokenAmount } from "./token";

export class MessageContext {
  /** The ID of the account that sent the top-level message. */
  origin: u64 = 0;
  /** The top-level message's sequence number. */
  nonce: u64 = 0;
  /** The ID of the immediate caller. */
  caller: u64 = 0;
  /** This actor's ID. */
  receiver: u64 = 0;
  /** The method number being invoked. */
  method: u64 = 0;
  /** attoFIL sent with this call (already in this actor's balance). */
  valueReceived: TokenAmount = TokenAmount.zero();
  /** The effective gas premium of the message. */
  gasPremium: TokenAmount = TokenAmount.zero();
  flags: u64 = 0;

  /** True in a read-only call: state changes, value transfers and events fail with ReadOnly. */
  get readOnly(): bool {
    return (this.flags & 1) != 0;
  }
}

export class NetworkContext {
  epoch: i64 = 0;
  /** Unix seconds of the current epoch. */
  timestamp: u64 = 0;
  baseFee: TokenAmount = TokenAmount.zero();
  /** The EIP-155 chain id. */
  chainId: u64 = 0;
  networkVersion: u32 = 0;
}

let message: MessageContext | null = null;
let network: NetworkContext | null = null;

export function messageContext(): MessageContext {
  const cached = message;
  if (cached !== null) return cached;
  check(vm_message_context(SCRATCH), "vm.message_context");
  const context = new MessageContext();
  context.origin = load<u64>(SCRATCH);
  context.nonce = load<u64>(SCRATCH + 8);
  context.caller = load<u64>(SCRATCH + 16);
  context.receiver = load<u64>(SCRATCH + 24);
  context.method = load<u64>(SCRATCH + 32);
  context.valueReceived = TokenAmount.load(SCRATCH + 40);
  context.gasPremium = TokenAmount.load(SCRATCH + 56);
  context.flags = load<u64>(SCRATCH + 72);
  message = context;
  return context;
}

export function networkContext(): NetworkContext {
  const cached = network;
  if (cached !== null) return cached;
  check(network_context(SCRATCH), "network.context");
  const context = new NetworkContext();
  context.epoch = load<i64>(SCRATCH);
  context.timestamp = load<u64>(SCRATCH + 8);
  context.baseFee = TokenAmount.load(SCRATCH + 16);
  context.chainId = load<u64>(SCRATCH + 32);
  context.networkVersion = load<u32>(SCRATCH + 40);
  network = context;
  return context;
}

/** The method number of this invocation. */
export function methodNumber(): u64 {
  return messageContext().method;
}

/** The ID of the immediate caller. */
export function caller(): u64 {
  return messageContext().caller;
}

/** This actor's ID. */
export function receiver(): u64 {
  return messageContext().receiver;
}

/** The ID of the account that sent the top-level message. */
export function origin(): u64 {
  return messageContext().origin;
}

export function valueReceived(): TokenAmount {
  return messageContext().valueReceived;
}

export function currentEpoch(): i64 {
  return networkContext().epoch;
}
