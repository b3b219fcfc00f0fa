/**
 * The precompiled contracts that only compute, shared by the Ethereum test host and the FEVM (spec
 * 10.10). The FEVM runs 0x01–0x03 through syscalls instead (actors/evm/precompiles.ts), so their kernel
 * charges are real; everything here is plain computation on @noble and our own BLAKE2b F.
 */
import { blake2f } from './blake2f';
import {
  bls12G1Add,
  bls12G1Msm,
  bls12G2Add,
  bls12G2Msm,
  bls12MapFp2ToG2,
  bls12MapFpToG1,
  bls12PairingCheck,
} from './bls12381';
import { ecAdd, ecMul, ecPairing } from './bn254';
import { ecRecover } from './ecRecover';
import { identity, ripemd160, sha256 } from './hashes';
import { modexp } from './modexp';
import { p256Verify } from './p256Verify';
import type { Precompile } from './types';

export { BLAKE2F_INPUT_LENGTH, blake2fRounds } from './blake2f';
export { BLS_PAIR_LENGTHS } from './bls12381';
export { pairingCount } from './bn254';
export { addressWord, ecRecoverRequest } from './ecRecover';
export { MODEXP_MAX_LENGTH, modexpLengths } from './modexp';
export type { Precompile } from './types';

/** Precompile addresses (the low bits of the 20-byte address). */
export const PrecompileAddress = {
  ecRecover: 0x01n,
  sha256: 0x02n,
  ripemd160: 0x03n,
  identity: 0x04n,
  modexp: 0x05n,
  ecAdd: 0x06n,
  ecMul: 0x07n,
  ecPairing: 0x08n,
  blake2f: 0x09n,
  /** KZG point evaluation: not implemented by the FEVM (an empty success). */
  pointEvaluation: 0x0an,
  bls12G1Add: 0x0bn,
  bls12G1Msm: 0x0cn,
  bls12G2Add: 0x0dn,
  bls12G2Msm: 0x0en,
  bls12PairingCheck: 0x0fn,
  bls12MapFpToG1: 0x10n,
  bls12MapFp2ToG2: 0x11n,
  p256Verify: 0x100n,
} as const;

const A = PrecompileAddress;

/** The pure precompiles the FEVM runs as they are, by address (0x01–0x03 go through syscalls there). */
export const PURE_PRECOMPILES: ReadonlyMap<bigint, Precompile> = new Map<bigint, Precompile>([
  [A.identity, identity],
  [A.modexp, modexp],
  [A.ecAdd, ecAdd],
  [A.ecMul, ecMul],
  [A.ecPairing, ecPairing],
  [A.blake2f, blake2f],
  [A.bls12G1Add, bls12G1Add],
  [A.bls12G1Msm, bls12G1Msm],
  [A.bls12G2Add, bls12G2Add],
  [A.bls12G2Msm, bls12G2Msm],
  [A.bls12PairingCheck, bls12PairingCheck],
  [A.bls12MapFpToG1, bls12MapFpToG1],
  [A.bls12MapFp2ToG2, bls12MapFp2ToG2],
  [A.p256Verify, p256Verify],
]);

/**
 * The Ethereum test host's precompiles: every one above plus the hashing ones computed directly. No
 * KZG point evaluation (0x0a): it needs a trusted setup, and neither the fixtures nor the FEVM use it.
 */
export const ETHEREUM_PRECOMPILES: ReadonlyMap<bigint, Precompile> = new Map<bigint, Precompile>([
  [A.ecRecover, ecRecover],
  [A.sha256, sha256],
  [A.ripemd160, ripemd160],
  ...PURE_PRECOMPILES,
]);
