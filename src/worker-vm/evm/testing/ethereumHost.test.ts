import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { addressToHex, bytesToWord, wordToBytes } from '../words';
import { assemble } from './assemble';
import { EthereumHost } from './ethereumHost';

const SENDER = 0x5e4dn;
const A = 0xaaaan;
const B = 0xbbbbn;

/** Code that CALLs `to` with `value` and no data, then stores the success flag at slot 9. */
const callAndRecord = (to: bigint, value = 0n, kind = 'CALL') =>
  `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ${kind === 'CALL' ? `PUSH ${value}` : ''} PUSH ${to} GAS ${kind} PUSH1 9 SSTORE`;

function world(codes: Array<[bigint, string]>) {
  const host = new EthereumHost();
  host.setAccount(SENDER, { balance: 10n ** 18n });
  for (const [address, source] of codes) host.setAccount(address, { code: assemble(source), balance: 1000n });
  return host;
}

describe('EthereumHost', () => {
  it('CREATE addresses follow keccak(rlp([sender, nonce])) and bump the nonce', () => {
    const host = new EthereumHost();
    const deployer = 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0n;
    host.setAccount(deployer, { balance: 1n });
    // Well-known vectors for this sender at nonces 0 and 1.
    expect(addressToHex(host.deploy(deployer, assemble('STOP')))).toBe(
      '0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d',
    );
    expect(addressToHex(host.deploy(deployer, assemble('STOP')))).toBe(
      '0x343c43a37d37dff08ae8c4a11544c718abb4fcf8',
    );
    expect(host.getAccount(deployer)?.nonce).toBe(2n);
  });

  it('CREATE2 addresses follow EIP-1014 (example 1: deployer 0, salt 0, initcode 0x00)', () => {
    const host = world([
      [A, 'PUSH1 0 PUSH1 0 MSTORE8 PUSH1 0 PUSH1 1 PUSH1 0 PUSH1 0 CREATE2 PUSH1 0 SSTORE'],
    ]);
    // With the deployer at A instead of 0: compute the expected address the EIP's way.
    host.runTransaction({ from: SENDER, to: A });
    const expected = keccak_256(
      Uint8Array.from([
        0xff,
        ...wordToBytes(A).subarray(12),
        ...new Uint8Array(32),
        ...keccak_256(Uint8Array.of(0)),
      ]),
    ).subarray(12);
    expect(host.getStorage(A, 0n)).toBe(bytesToWord(expected));
    // The EIP's own first example, checked through the same code path.
    const zero = new EthereumHost();
    zero.setAccount(0n, {
      code: assemble('PUSH1 0 PUSH1 0 MSTORE8 PUSH1 0 PUSH1 1 PUSH1 0 PUSH1 0 CREATE2 PUSH1 0 SSTORE'),
    });
    zero.setAccount(SENDER, { balance: 1n });
    zero.runTransaction({ from: SENDER, to: 0n });
    expect(addressToHex(zero.getStorage(0n, 0n))).toBe('0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38');
  });

  it('deploys the RETURNed code and runs it', () => {
    const host = world([]);
    // Initcode returns runtime code 0x602a60005260206000f3 (return 42).
    const runtime = '602a60005260206000f3';
    const initcode = assemble(`PUSH10 0x${runtime} PUSH1 0 MSTORE PUSH1 10 PUSH1 22 RETURN`);
    const address = host.deploy(SENDER, initcode);
    expect(bytesToHex(host.getAccount(address)!.code)).toBe(runtime);
    expect(host.getAccount(address)!.nonce).toBe(1n);
    expect(bytesToWord(host.runTransaction({ from: SENDER, to: address }).output)).toBe(42n);
  });

  it('rejects code starting with 0xEF and code over 24 KiB', () => {
    const host = world([]);
    expect(() => host.deploy(SENDER, assemble('PUSH1 0xef PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN'))).toThrow(
      /deployment failed/,
    );
    expect(() => host.deploy(SENDER, assemble('PUSH2 24577 PUSH1 0 RETURN'))).toThrow(/deployment failed/);
    expect(host.deploy(SENDER, assemble('PUSH2 24576 PUSH1 0 RETURN'))).toBeGreaterThan(0n);
  });

  it('undoes a failed frame (storage, logs, value, nonce of created accounts) but keeps the caller going', () => {
    const host = world([
      [A, `PUSH1 1 PUSH1 1 SSTORE ${callAndRecord(B, 5n)} PUSH1 0 PUSH1 0 PUSH1 0 CREATE PUSH1 2 SSTORE`],
      [B, 'PUSH1 7 PUSH1 1 SSTORE PUSH1 0 PUSH1 0 LOG0 PUSH1 0 PUSH1 0 REVERT'],
    ]);
    const outcome = host.runTransaction({ from: SENDER, to: A });
    expect(outcome.success).toBe(true);
    expect(host.getStorage(A, 1n)).toBe(1n);
    expect(host.getStorage(A, 9n)).toBe(0n);
    expect(host.getStorage(B, 1n)).toBe(0n);
    expect(outcome.logs).toEqual([]);
    expect(host.getAccount(B)?.balance).toBe(1000n);
    expect(host.getStorage(A, 2n)).toBeGreaterThan(0n);
  });

  it('undoes everything when the outermost frame fails', () => {
    const host = world([
      [A, `PUSH1 1 PUSH1 1 SSTORE ${callAndRecord(B, 5n)} INVALID`],
      [B, 'PUSH1 7 PUSH1 1 SSTORE'],
    ]);
    const outcome = host.runTransaction({ from: SENDER, to: A, value: 3n });
    expect(outcome).toMatchObject({ success: false, logs: [] });
    expect(outcome.result.error).toBe('InvalidInstruction');
    expect(host.getStorage(A, 1n)).toBe(0n);
    expect(host.getStorage(B, 1n)).toBe(0n);
    expect(host.getAccount(A)?.balance).toBe(1000n);
    expect(host.getAccount(SENDER)?.balance).toBe(10n ** 18n);
  });

  it('DELEGATECALL runs foreign code on the caller storage with the caller context', () => {
    const host = world([
      [A, callAndRecord(B, 0n, 'DELEGATECALL')],
      [B, 'CALLER PUSH1 1 SSTORE CALLVALUE PUSH1 2 SSTORE ADDRESS PUSH1 3 SSTORE'],
    ]);
    host.runTransaction({ from: SENDER, to: A, value: 4n });
    expect([1n, 2n, 3n, 9n].map((k) => host.getStorage(A, k))).toEqual([SENDER, 4n, A, 1n]);
    expect(host.getAccount(B)?.storage.size).toBe(0);
  });

  it('STATICCALL makes the callee read-only, nested calls included', () => {
    const host = world([
      [A, callAndRecord(B, 0n, 'STATICCALL')],
      [B, 'PUSH1 1 PUSH1 1 SSTORE'],
    ]);
    host.runTransaction({ from: SENDER, to: A });
    expect(host.getStorage(A, 9n)).toBe(0n);
    const reads = world([
      [A, callAndRecord(B, 0n, 'STATICCALL')],
      [B, 'PUSH1 1 SLOAD POP'],
    ]);
    reads.runTransaction({ from: SENDER, to: A });
    expect(reads.getStorage(A, 9n)).toBe(1n);
  });

  it('re-enters a contract and enforces the 1024 call-depth limit', () => {
    // Each frame increments slot 0, then calls itself; the deepest call fails and everything unwinds.
    const host = world([
      [
        A,
        `PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ADDRESS GAS CALL POP`,
      ],
    ]);
    expect(host.runTransaction({ from: SENDER, to: A }).success).toBe(true);
    expect(host.getStorage(A, 0n)).toBe(1025n);
  });

  it('CALL with more value than the balance fails without running the callee', () => {
    const host = world([
      [A, callAndRecord(B, 1001n)],
      [B, 'PUSH1 1 PUSH1 1 SSTORE'],
    ]);
    host.runTransaction({ from: SENDER, to: A });
    expect(host.getStorage(A, 9n)).toBe(0n);
    expect(host.getStorage(B, 1n)).toBe(0n);
  });

  it('SELFDESTRUCT follows EIP-6780: balance moves; deletion only for contracts created in the transaction', () => {
    const host = world([[A, `PUSH ${B} SELFDESTRUCT`]]);
    host.runTransaction({ from: SENDER, to: A });
    expect(host.getAccount(A)?.code.length).toBeGreaterThan(0);
    expect(host.getAccount(A)?.balance).toBe(0n);
    expect(host.getAccount(B)?.balance).toBe(1000n);
    // A constructor that self-destructs: the account is gone at the end of the transaction.
    const fresh = world([]);
    const outcome = fresh.runTransaction({
      from: SENDER,
      data: assemble(`PUSH ${B} SELFDESTRUCT`),
      value: 7n,
    });
    expect(outcome.success).toBe(true);
    expect(fresh.getAccount(outcome.createdAddress!)).toBeUndefined();
    expect(fresh.getAccount(B)?.balance).toBe(7n);
  });

  it('transient storage is per transaction and reverted with its frame', () => {
    const host = world([
      [
        A,
        `PUSH1 0 TLOAD PUSH1 5 SSTORE PUSH1 8 PUSH1 0 TSTORE ${callAndRecord(B)} PUSH1 0 TLOAD PUSH1 6 SSTORE`,
      ],
      [B, 'PUSH1 1 PUSH1 0 TSTORE'],
    ]);
    host.runTransaction({ from: SENDER, to: A });
    expect(host.getStorage(A, 5n)).toBe(0n);
    expect(host.getStorage(A, 6n)).toBe(8n);
    host.runTransaction({ from: SENDER, to: A });
    expect(host.getStorage(A, 5n)).toBe(0n);
  });

  it('a step limit stops runaway loops, nested ones included', () => {
    const loop = 'JUMPDEST PUSH1 0 JUMP';
    const host = new EthereumHost({ stepLimit: 10_000 });
    host.setAccount(A, { code: assemble(`${callAndRecord(B)} PUSH1 1 PUSH1 1 SSTORE`) });
    host.setAccount(B, { code: assemble(loop) });
    const outcome = host.runTransaction({ from: SENDER, to: A });
    expect(outcome).toMatchObject({ success: false });
    expect(outcome.result.error).toBe('OutOfGas');
    // Within the limit, work is unaffected.
    host.setAccount(B, { code: assemble('PUSH1 1 POP') });
    expect(host.runTransaction({ from: SENDER, to: A }).success).toBe(true);
    expect(host.getStorage(A, 9n)).toBe(1n);
  });

  it('refuses nested transactions and changes during one', () => {
    const host = world([]);
    expect(() =>
      host.runTransaction({
        from: SENDER,
        data: assemble('STOP'),
        get value() {
          host.runTransaction({ from: SENDER, to: A });
          return 0n;
        },
      }),
    ).toThrow(/already running/);
  });
});
