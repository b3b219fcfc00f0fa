import { methodNumber } from '../../encoding/frc42';

/** EVM actor method numbers (spec 10.1). */
export const EvmMethod = {
  Constructor: 1,
  Resurrect: 2,
  GetBytecode: 3,
  GetBytecodeHash: 4,
  GetStorageAt: 5,
  InvokeContractDelegate: 6,
  /** FRC-42 `InvokeEVM` = 3844450837: what Ethereum transactions and EVM CALLs invoke. */
  InvokeContract: methodNumber('InvokeEVM'),
} as const;

/** Methods from here up (other than InvokeContract) reach the contract as `handle_filecoin_method`. */
export const FIRST_FILECOIN_METHOD = 1024;
