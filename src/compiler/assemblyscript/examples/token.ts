// A fungible token. Its state is one DAG-CBOR map, so the state diff shows the balances:
//
//   { "name": "Playground Token", "supply": 1000, "symbol": "PLAY", "balances": { "f0100": 1000 } }
//
//   1  Constructor {name, symbol, supply}  mints the supply to the account that sent the message (a
//                                          "mint" event)
//   2  Transfer {to: address, amount}      moves tokens from the caller; emits a "transfer" event;
//                                          returns the caller's new balance
//   3  BalanceOf (address)                 -> the balance (0 for unknown holders)
//   4  TotalSupply                         -> the supply
//   5  Info                                -> {name, symbol, supply}
//
// Amounts are u64 integers. Addresses are Filecoin addresses in binary form; as JSON params write
// {"$address": "f0101"} (any f0/f1/f2/f3/f4 or 0x address that has an actor).
//
// Balances live in the state block itself: each call reads and rewrites all of them, so gas grows with the
// number of holders. A token with many holders would keep them in a HAMT.
import {
  abort,
  ActorEvent,
  actorExists,
  caller,
  CborWriter,
  ExitCode,
  addressToString,
  log,
  messageContext,
  methodNumber,
  NO_RETURN,
  origin,
  paramsReader,
  requireNoParams,
  resolveAddress,
  returnCbor,
  saveStateCbor,
  sortKeys,
  stateReader,
} from "fvm";

const INIT_ACTOR: u64 = 1;

class Token {
  name: string = "";
  symbol: string = "";
  supply: u64 = 0;
  /** "f0<id>" -> amount; holders with nothing are left out. */
  balances: Map<string, u64> = new Map<string, u64>();

  balanceOf(holder: string): u64 {
    return this.balances.has(holder) ? this.balances.get(holder) : 0;
  }

  setBalance(holder: string, amount: u64): void {
    if (amount == 0) {
      if (this.balances.has(holder)) this.balances.delete(holder);
    } else {
      this.balances.set(holder, amount);
    }
  }
}

export function invoke(params: u32): u32 {
  const method = methodNumber();
  if (method == 1) return construct(params);
  if (method == 2) return transfer(params);
  if (method == 3) return balanceOf(params);
  if (method == 4) return totalSupply(params);
  if (method == 5) return info(params);
  abort(ExitCode.USR_UNHANDLED_MESSAGE, "unknown method " + method.toString());
  return NO_RETURN;
}

function construct(params: u32): u32 {
  if (caller() != INIT_ACTOR) abort(ExitCode.USR_FORBIDDEN, "only the Init actor constructs actors");
  const reader = paramsReader(params);
  const token = new Token();
  const entries = reader.map();
  for (let i: u32 = 0; i < entries; i++) {
    const key = reader.text();
    if (key == "name") token.name = reader.text();
    else if (key == "symbol") token.symbol = reader.text();
    else if (key == "supply") token.supply = reader.uint();
    else abort(ExitCode.USR_ILLEGAL_ARGUMENT, "unknown constructor param \"" + key + "\"");
  }
  reader.end();
  if (token.symbol.length == 0) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "the token needs a symbol");
  // Init calls the constructor; the supply goes to whoever sent the message that created the token.
  const minter = holderKey(origin());
  token.setBalance(minter, token.supply);
  save(token);
  new ActorEvent()
    .addCbor("$type", new CborWriter().text("mint"))
    .addCbor("to", new CborWriter().text(minter))
    .addCbor("amount", new CborWriter().uint(token.supply))
    .emit();
  return NO_RETURN;
}

function transfer(params: u32): u32 {
  if (messageContext().readOnly) abort(ExitCode.USR_READ_ONLY, "a transfer changes state");
  const reader = paramsReader(params);
  let to: Uint8Array | null = null;
  let amount: u64 = 0;
  let haveAmount = false;
  const entries = reader.map();
  for (let i: u32 = 0; i < entries; i++) {
    const key = reader.text();
    if (key == "to") to = reader.bytes();
    else if (key == "amount") {
      amount = reader.uint();
      haveAmount = true;
    } else abort(ExitCode.USR_ILLEGAL_ARGUMENT, "unknown transfer param \"" + key + "\"");
  }
  reader.end();
  if (to === null || !haveAmount) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "a transfer needs \"to\" and \"amount\"");

  const token = load();
  const from = holderKey(caller());
  const recipient = holderKey(resolveHolder(to!));
  const available = token.balanceOf(from);
  if (amount > available) {
    abort(
      ExitCode.USR_INSUFFICIENT_FUNDS,
      from + " has " + available.toString() + " " + token.symbol + ", cannot send " + amount.toString(),
    );
  }
  token.setBalance(from, available - amount);
  token.setBalance(recipient, token.balanceOf(recipient) + amount);
  save(token);
  transferEvent(from, recipient, amount);
  log(from + " sent " + amount.toString() + " " + token.symbol + " to " + recipient);
  return returnCbor(new CborWriter().uint(token.balanceOf(from)));
}

function balanceOf(params: u32): u32 {
  const reader = paramsReader(params);
  const address = reader.bytes();
  reader.end();
  const id = resolveAddress(address);
  const balance = id < 0 ? 0 : load().balanceOf(holderKey(<u64>id));
  return returnCbor(new CborWriter().uint(balance));
}

function totalSupply(params: u32): u32 {
  requireNoParams(params);
  return returnCbor(new CborWriter().uint(load().supply));
}

function info(params: u32): u32 {
  requireNoParams(params);
  const token = load();
  // DAG-CBOR key order: shorter keys first, then bytewise.
  const out = new CborWriter().map(3);
  out.text("name").text(token.name);
  out.text("supply").uint(token.supply);
  out.text("symbol").text(token.symbol);
  return returnCbor(out);
}

function holderKey(id: u64): string {
  return "f0" + id.toString();
}

function resolveHolder(address: Uint8Array): u64 {
  const id = resolveAddress(address);
  // An ID address resolves to itself even when no actor has that ID.
  if (id < 0 || !actorExists(<u64>id)) {
    abort(ExitCode.USR_NOT_FOUND, "no actor has the address " + addressToString(address));
  }
  return <u64>id;
}

function transferEvent(from: string, to: string, amount: u64): void {
  new ActorEvent()
    .addCbor("$type", new CborWriter().text("transfer"))
    .addCbor("from", new CborWriter().text(from))
    .addCbor("to", new CborWriter().text(to))
    .addCbor("amount", new CborWriter().uint(amount))
    .emit();
}

function load(): Token {
  const state = stateReader();
  const token = new Token();
  const entries = state.map();
  for (let i: u32 = 0; i < entries; i++) {
    const key = state.text();
    if (key == "name") token.name = state.text();
    else if (key == "symbol") token.symbol = state.text();
    else if (key == "supply") token.supply = state.uint();
    else if (key == "balances") {
      const holders = state.map();
      for (let h: u32 = 0; h < holders; h++) {
        const holder = state.text();
        token.balances.set(holder, state.uint());
      }
    } else state.skip();
  }
  return token;
}

function save(token: Token): void {
  const out = new CborWriter(128).map(4);
  // DAG-CBOR key order: "name" (4), "supply" (6), "symbol" (6), "balances" (8).
  out.text("name").text(token.name);
  out.text("supply").uint(token.supply);
  out.text("symbol").text(token.symbol);
  out.text("balances");
  const holders = sortKeys(token.balances.keys());
  out.map(<u32>holders.length);
  for (let i = 0; i < holders.length; i++) out.text(holders[i]).uint(token.balances.get(holders[i]));
  saveStateCbor(out);
}
