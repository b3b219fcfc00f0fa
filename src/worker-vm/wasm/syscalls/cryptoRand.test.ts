import { bls12_381 } from '@noble/curves/bls12-381.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { Address } from '../../address';
import { blake2b256 } from '../../crypto/hash';
import { signSecpHash } from '../../crypto/signatures';
import { ExitCode } from '../../kernel/codes';
import { deterministicExterns } from '../../machine/externs';
import { Machine } from '../../machine/machine';
import { dataAt, invokeActor, syscallGroups, testActorWat, u32s, wasmActor } from '../testing/actors.node';
import { PROOFS_UNAVAILABLE } from './modules/crypto';

const actor = (body: string, options?: Parameters<typeof testActorWat>[1]) =>
  wasmActor(testActorWat(body, options));

const GAS = 1000;
const text = (s: string) => new TextEncoder().encode(s);

describe('crypto.hash', () => {
  it('hashes with the five supported functions, charging OnHashing per byte; truncates; input and output may overlap', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.hash (i32.const 0x404) (i64.const 0x12) (i32.const 0x200) (i32.const 3) (i32.const 0x500) (i32.const 64)))
       (i32.store (i32.const 0x408) (call $crypto.hash (i32.const 0x40c) (i64.const 0xb220) (i32.const 0x200) (i32.const 3) (i32.const 0x540) (i32.const 64)))
       (i32.store (i32.const 0x410) (call $crypto.hash (i32.const 0x414) (i64.const 0xb240) (i32.const 0x200) (i32.const 3) (i32.const 0x580) (i32.const 64)))
       (i32.store (i32.const 0x418) (call $crypto.hash (i32.const 0x41c) (i64.const 0x1b) (i32.const 0x200) (i32.const 3) (i32.const 0x600) (i32.const 64)))
       (i32.store (i32.const 0x420) (call $crypto.hash (i32.const 0x424) (i64.const 0x1053) (i32.const 0x200) (i32.const 3) (i32.const 0x640) (i32.const 8)))
       (i32.store (i32.const 0x428) (call $crypto.hash (i32.const 0x180) (i64.const 0x13) (i32.const 0x200) (i32.const 3) (i32.const 0x680) (i32.const 64)))
       (i32.store (i32.const 0x42c) (call $crypto.hash (i32.const 0x180) (i64.const 0x12) (i32.const 0x200) (i32.const 3) (i32.const 65530) (i32.const 32)))
       (i32.store (i32.const 0x430) (call $crypto.hash (i32.const 0x434) (i64.const 0x12) (i32.const 0x200) (i32.const 3) (i32.const 0x200) (i32.const 32)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x300))`,
      { data: '(data (i32.const 0x200) "abc")' },
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    const abc = text('abc');
    // errno and length pairs: full digests, a truncated ripemd-160, an unknown code, an out-of-memory
    // digest buffer, and an overlapping (in-place) sha-256.
    expect(u32s(out.subarray(0, 0x38))).toEqual([0, 32, 0, 32, 0, 64, 0, 32, 0, 8, 1, 1, 0, 32]);
    expect(out.subarray(0x100, 0x120)).toEqual(sha256(abc));
    expect(out.subarray(0x140, 0x160)).toEqual(blake2b(abc, { dkLen: 32 }));
    expect(out.subarray(0x180, 0x1c0)).toEqual(blake2b(abc, { dkLen: 64 }));
    expect(out.subarray(0x200, 0x220)).toEqual(keccak_256(abc));
    expect(out.subarray(0x240, 0x248)).toEqual(ripemd160(abc).subarray(0, 8));
    const groups = syscallGroups(applied);
    expect(groups.slice(1, 8)).toEqual([
      [['OnHashing', 7 * 3 * GAS, 0]],
      [['OnHashing', 10 * 3 * GAS, 0]],
      [['OnHashing', 10 * 3 * GAS, 0]],
      [['OnHashing', 33 * 3 * GAS, 0]],
      [['OnHashing', 35 * 3 * GAS, 0]],
      [],
      [], // the digest buffer is checked before hashing
    ]);
  });
});

describe('crypto signatures', () => {
  const probe = Machine.create();
  const signer = probe.accounts[1]!;
  const plaintext = text('hello');
  const signature = signSecpHash(blake2b256(plaintext), signer.key.privateKey);

  it('recover_secp_public_key: the 65-byte key; a bad recovery id is IllegalArgument; 1,637,292 gas', async () => {
    const bad = signature.slice();
    bad[64] = 7;
    const hash = blake2b256(plaintext);
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.recover_secp_public_key (i32.const 0x404) (i32.const 0x200) (i32.const 0x240)))
       (i32.store (i32.const 0x448) (call $crypto.recover_secp_public_key (i32.const 0x180) (i32.const 0x200) (i32.const 0x290)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x4c))`,
      { data: [dataAt(0x200, hash), dataAt(0x240, signature), dataAt(0x290, bad)].join(' ') },
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    expect(u32s(out.subarray(0, 4))).toEqual([0]);
    expect(out.subarray(4, 69)).toEqual(signer.key.publicKey);
    expect(u32s(out.subarray(0x48, 0x4c))).toEqual([1]);
    expect(syscallGroups(applied)[1]).toEqual([['OnRecoverSecpPublicKey', 1_637_292 * GAS, 0]]);
  });

  it('verify_signature: 0 when valid, -1 when not; unknown type or a non-key signer is IllegalArgument', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.verify_signature (i32.const 0x404) (i32.const 1) (i32.const 0x240) (i32.const 65) (i32.const 0x300) (i32.const 21) (i32.const 0x200) (i32.const 5)))
       (i32.store (i32.const 0x408) (call $crypto.verify_signature (i32.const 0x40c) (i32.const 1) (i32.const 0x240) (i32.const 65) (i32.const 0x300) (i32.const 21) (i32.const 0x200) (i32.const 4)))
       (i32.store (i32.const 0x410) (call $crypto.verify_signature (i32.const 0x180) (i32.const 3) (i32.const 0x240) (i32.const 65) (i32.const 0x300) (i32.const 21) (i32.const 0x200) (i32.const 5)))
       (i32.store (i32.const 0x414) (call $crypto.verify_signature (i32.const 0x180) (i32.const 1) (i32.const 0x240) (i32.const 65) (i32.const 0x340) (i32.const 2) (i32.const 0x200) (i32.const 5)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x18))`,
      {
        data: [
          dataAt(0x200, plaintext),
          dataAt(0x240, signature),
          dataAt(0x300, signer.address.bytes),
          dataAt(0x340, Address.newId(5).bytes),
        ].join(' '),
      },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 0, 0, 0xffffffff, 1, 1]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnVerifySignature', (1_637_292 + 10 * 5) * GAS, 0]]);
    expect(groups[2]).toEqual([['OnVerifySignature', (1_637_292 + 10 * 4) * GAS, 0]]);
  });

  it('verify_signature with a BLS key (f3): 0 when valid, -1 when not, charged at the BLS price', async () => {
    const bls = bls12_381.longSignatures;
    const key = new Uint8Array(32).fill(7);
    const signer = Address.newBls(bls.getPublicKey(key).toBytes());
    const plaintext = text('hello');
    const signature = bls.sign(bls.hash(plaintext), key).toBytes();
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.verify_signature (i32.const 0x404) (i32.const 2) (i32.const 0x240) (i32.const 96) (i32.const 0x300) (i32.const 49) (i32.const 0x200) (i32.const 5)))
       (i32.store (i32.const 0x408) (call $crypto.verify_signature (i32.const 0x40c) (i32.const 2) (i32.const 0x240) (i32.const 96) (i32.const 0x300) (i32.const 49) (i32.const 0x200) (i32.const 4)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x10))`,
      { data: [dataAt(0x200, plaintext), dataAt(0x240, signature), dataAt(0x300, signer.bytes)].join(' ') },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 0, 0, 0xffffffff]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnVerifySignature', (16_598_605 + 26 * 5) * GAS, 0]]);
    expect(groups[2]).toEqual([['OnVerifySignature', (16_598_605 + 26 * 4) * GAS, 0]]);
  });

  it('verify_bls_aggregate: distinct plaintexts verify (0), a changed one does not (-1); zero signers are valid; gas per pairing', async () => {
    const bls = bls12_381.longSignatures;
    const keys = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    const messages = [text('a'), text('bb')];
    const aggregate = bls
      .aggregateSignatures(keys.map((key, i) => bls.sign(bls.hash(messages[i]!), key)))
      .toBytes();
    const publicKeys = new Uint8Array(96);
    keys.forEach((key, i) => {
      publicKeys.set(bls.getPublicKey(key).toBytes(), i * 48);
    });
    const lengths = new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0]);
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.verify_bls_aggregate (i32.const 0x404) (i32.const 2) (i32.const 0x200) (i32.const 0x280) (i32.const 0x300) (i32.const 0x310)))
       (i32.store8 (i32.const 0x301) (i32.const 0x63))
       (i32.store (i32.const 0x408) (call $crypto.verify_bls_aggregate (i32.const 0x40c) (i32.const 2) (i32.const 0x200) (i32.const 0x280) (i32.const 0x300) (i32.const 0x310)))
       (i32.store (i32.const 0x410) (call $crypto.verify_bls_aggregate (i32.const 0x414) (i32.const 0) (i32.const 0x200) (i32.const 0x280) (i32.const 0x300) (i32.const 0x310)))
       (i32.store (i32.const 0x418) (call $crypto.verify_bls_aggregate (i32.const 0x180) (i32.const 100000) (i32.const 0x200) (i32.const 0x280) (i32.const 0x300) (i32.const 0x310)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x1c))`,
      {
        data: [
          dataAt(0x200, aggregate),
          dataAt(0x280, publicKeys),
          dataAt(0x300, text('abb')),
          dataAt(0x310, lengths),
        ].join(' '),
      },
    );
    const applied = invokeActor(machine, address, 2);
    expect(u32s(applied.result.receipt.returnData)).toEqual([0, 0, 0, 0xffffffff, 0, 0, 1]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnVerifyBlsAggregateSignature', (8_299_302 * 3 + 7 * 3) * GAS, 0]]);
    expect(groups[3]).toEqual([['OnVerifyBlsAggregateSignature', 8_299_302 * GAS, 0]]);
  });

  it('the proof syscalls exist and decline with IllegalOperation (after their bounds checks)', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $crypto.verify_post (i32.const 0x180) (i32.const 0x200) (i32.const 4)))
       (i32.store (i32.const 0x404) (call $crypto.verify_aggregate_seals (i32.const 0x180) (i32.const 0x200) (i32.const 4)))
       (i32.store (i32.const 0x408) (call $crypto.verify_replica_update (i32.const 0x180) (i32.const 0x200) (i32.const 4)))
       (i32.store (i32.const 0x40c) (call $crypto.verify_consensus_fault (i32.const 0x180) (i32.const 0x200) (i32.const 1) (i32.const 0x200) (i32.const 1) (i32.const 0x200) (i32.const 0)))
       (i32.store (i32.const 0x410) (call $crypto.compute_unsealed_sector_cid (i32.const 0x180) (i64.const 8) (i32.const 0x200) (i32.const 4) (i32.const 0x300) (i32.const 100)))
       (i32.store (i32.const 0x414) (call $crypto.batch_verify_seals (i32.const 0x200) (i32.const 4) (i32.const 0x300)))
       (i32.store (i32.const 0x418) (call $crypto.verify_post (i32.const 0x180) (i32.const 65535) (i32.const 4)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x1c))`,
    );
    const applied = invokeActor(machine, address, 2);
    const p = PROOFS_UNAVAILABLE;
    expect(u32s(applied.result.receipt.returnData)).toEqual([p, p, p, p, p, p, 1]);
  });
});

describe('rand', () => {
  it('returns the extern digests and charges 146,200 + 75 per epoch of lookback', async () => {
    const { machine, address } = await actor(
      `(i32.store (i32.const 0x400) (call $rand.get_chain_randomness (i32.const 0x404) (i64.const 990)))
       (i32.store (i32.const 0x424) (call $rand.get_beacon_randomness (i32.const 0x428) (i64.const 1000)))
       (i32.store (i32.const 0x448) (call $rand.get_chain_randomness (i32.const 0x180) (i64.const -1)))
       (call $return_bytes (i32.const 0x400) (i32.const 0x4c))`,
    );
    const applied = invokeActor(machine, address, 2);
    const out = applied.result.receipt.returnData;
    const externs = deterministicExterns(machine.network.seed);
    expect(u32s(out.subarray(0, 4))).toEqual([0]);
    expect(out.subarray(4, 36)).toEqual(externs.chainRandomness(990n));
    expect(u32s(out.subarray(0x24, 0x28))).toEqual([0]);
    expect(out.subarray(0x28, 0x48)).toEqual(externs.beaconRandomness(1000n));
    // An epoch the extern has no randomness for (before genesis): IllegalArgument, after the charge.
    expect(u32s(out.subarray(0x48, 0x4c))).toEqual([1]);
    const groups = syscallGroups(applied);
    expect(groups[1]).toEqual([['OnGetRandomness', 0, (146_200 + 75 * 10) * GAS]]);
    expect(groups[2]).toEqual([['OnGetRandomness', 0, 146_200 * GAS]]);
    expect(groups[3]).toEqual([['OnGetRandomness', 0, (146_200 + 75 * 1001) * GAS]]);
  });

  it('a future epoch runs out of gas (the lookback charge saturates, spec 13 item 13)', async () => {
    const { machine, address } = await actor(
      '(drop (call $rand.get_chain_randomness (i32.const 0x404) (i64.const 1001))) (i32.const 0)',
    );
    const applied = invokeActor(machine, address, 2, undefined, { gasLimit: 80_000_000 });
    expect(applied.result.receipt.exitCode).toBe(ExitCode.SYS_OUT_OF_GAS);
    expect(applied.result.receipt.gasUsed).toBe(80_000_000);
  });
});
